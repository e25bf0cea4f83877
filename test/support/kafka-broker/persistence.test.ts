import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CompressionTypes, type Consumer, type Kafka } from 'kafkajs';
import { MessageCollector } from './message-collector.js';
import { PartitionLog } from './partition-log.js';
import { quietKafka } from './quiet-kafka.js';
import { startTestBroker } from './test-broker.js';

const WAIT_MS = 20_000;

interface Seen {
  partition: number;
  offset: string;
  key: string;
  value: string;
  timestamp: string;
  header: string;
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-broker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function consume(kafka: Kafka, topic: string, groupId: string, count: number): Promise<{ consumer: Consumer; seen: MessageCollector<Seen> }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
  const seen = new MessageCollector<Seen>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) =>
      seen.push({
        partition,
        offset: message.offset,
        key: message.key!.toString(),
        value: message.value!.toString(),
        timestamp: message.timestamp,
        header: String(message.headers?.n ?? ''),
      }),
  });
  await seen.waitForCount(count, WAIT_MS);
  return { consumer, seen };
}

const byPartitionOffset = (a: Seen, b: Seen): number => a.partition - b.partition || Number(a.offset) - Number(b.offset);

describe('broker restart with a data directory', { timeout: 120_000 }, () => {
  it('loses no messages, committed offsets or topics', async (t) => {
    const dataDir = tempDir(t);
    const topic = `durable-${randomUUID().slice(0, 8)}`;
    const emptyTopic = `${topic}-empty`;
    const doomedTopic = `${topic}-doomed`;
    const groupId = `group-${randomUUID()}`;
    const base = Date.UTC(2024, 5, 1);

    // First life: produce (plain and gzip batches), consume and commit, produce more, delete a topic.
    const first = await startTestBroker({ dataDir });
    let kafka = quietKafka(first.brokers, 'first-life');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 3 },
        { topic: emptyTopic, numPartitions: 2 },
        { topic: doomedTopic, numPartitions: 1 },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    const message = (i: number) => ({ key: `key-${i % 11}`, value: `value-${i}`, timestamp: String(base + i), headers: { n: String(i) } });
    for (let i = 0; i < 100; i += 20) {
      await producer.send({ topic, compression: i % 40 === 0 ? CompressionTypes.GZIP : CompressionTypes.None, messages: Array.from({ length: 20 }, (_, j) => message(i + j)) });
    }
    await producer.send({ topic: doomedTopic, messages: [{ key: 'k', value: 'v' }] });
    const committedRun = await consume(kafka, topic, groupId, 100);
    await committedRun.consumer.disconnect();
    for (let i = 100; i < 150; i += 10) await producer.send({ topic, messages: Array.from({ length: 10 }, (_, j) => message(i + j)) });
    await admin.deleteTopics({ topics: [doomedTopic] });
    const offsetsBefore = await admin.fetchTopicOffsets(topic);
    const committedBefore = await admin.fetchOffsets({ groupId, topics: [topic] });
    const everything = (await consume(kafka, topic, `reader-${randomUUID()}`, 150).then(async ({ consumer, seen }) => {
      await consumer.disconnect();
      return seen.items;
    })).sort(byPartitionOffset);
    await producer.disconnect();
    await admin.disconnect();
    await first.stop();

    // Second life, on the same port so the address clients know stays valid.
    const second = await startTestBroker({ dataDir, port: first.port });
    t.after(() => second.stop());
    kafka = quietKafka(second.brokers, 'second-life');
    const admin2 = kafka.admin();
    await admin2.connect();
    t.after(() => admin2.disconnect());
    assert.deepEqual((await admin2.listTopics()).sort(), [topic, emptyTopic].sort());
    assert.deepEqual(await admin2.fetchTopicOffsets(topic), offsetsBefore);
    assert.deepEqual((await admin2.fetchTopicOffsets(emptyTopic)).map((p) => p.high), ['0', '0']);
    assert.deepEqual(await admin2.fetchOffsets({ groupId, topics: [topic] }), committedBefore);
    assert.ok((await admin2.listGroups()).groups.some((g) => g.groupId === groupId));

    // The group resumes exactly where it committed: only the 50 later messages.
    const resumed = await consume(kafka, topic, groupId, 50);
    t.after(() => resumed.consumer.disconnect());
    assert.deepEqual(resumed.seen.items.map((s) => s.value).sort(), Array.from({ length: 50 }, (_, i) => `value-${100 + i}`).sort());

    // A new reader sees every record byte-for-byte as before: offsets, keys, timestamps, headers.
    const reread = await consume(kafka, topic, `reader-${randomUUID()}`, 150);
    t.after(() => reread.consumer.disconnect());
    assert.deepEqual([...reread.seen.items].sort(byPartitionOffset), everything);
    assert.equal((await admin2.fetchTopicOffsetsByTimestamp(topic, base + 149)).reduce((n, p) => n + Number(p.offset), 0), 149, 'timestamp index rebuilt');

    // Appends continue from the old log end.
    const producer2 = kafka.producer();
    await producer2.connect();
    t.after(() => producer2.disconnect());
    const [result] = await producer2.send({ topic, messages: [{ key: 'key-0', value: 'after restart' }] });
    assert.equal(result!.baseOffset, offsetsBefore.find((p) => p.partition === result!.partition)!.high);
  });

  it('drops a batch torn by a crash mid-write and keeps appending after it', async (t) => {
    const dataDir = tempDir(t);
    const topic = `torn-${randomUUID().slice(0, 8)}`;
    const first = await startTestBroker({ dataDir });
    let kafka = quietKafka(first.brokers, 'torn-1');
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < 3; i++) await producer.send({ topic, messages: [{ key: 'k', value: `kept-${i}` }] });
    await producer.disconnect();
    await first.stop();

    const partitionDir = join(dataDir, 'logs', `${topic}-0`);
    const [segment] = readdirSync(partitionDir);
    const path = join(partitionDir, segment!);
    const intact = readFileSync(path);
    appendFileSync(path, intact.subarray(0, 40)); // the first 40 bytes of a batch, then "power loss"

    const second = await startTestBroker({ dataDir });
    t.after(() => second.stop());
    kafka = quietKafka(second.brokers, 'torn-2');
    assert.equal(readFileSync(path).length, intact.length, 'torn tail truncated on recovery');
    const producer2 = kafka.producer();
    await producer2.connect();
    t.after(() => producer2.disconnect());
    const [result] = await producer2.send({ topic, messages: [{ key: 'k', value: 'appended' }] });
    assert.equal(result!.baseOffset, '3');
    const { consumer, seen } = await consume(kafka, topic, `g-${randomUUID()}`, 4);
    t.after(() => consumer.disconnect());
    assert.deepEqual(seen.items.map((s) => s.value), ['kept-0', 'kept-1', 'kept-2', 'appended']);
  });

  it('keeps a consumer and a producer working across a restart on the same port', async (t) => {
    const dataDir = tempDir(t);
    const topic = `ride-through-${randomUUID().slice(0, 8)}`;
    const first = await startTestBroker({ dataDir, defaultPartitions: 2 });
    const kafka = quietKafka(first.brokers, 'ride-through', { retries: 8 });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'a', value: 'before-0' }, { key: 'b', value: 'before-1' }] });
    const consumer = kafka.consumer({ groupId: `g-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const seen = new MessageCollector<string>();
    await consumer.connect();
    t.after(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => seen.push(message.value!.toString()) });
    await seen.waitForCount(2, WAIT_MS);

    await first.stop();
    const second = await startTestBroker({ dataDir, port: first.port, defaultPartitions: 2 });
    t.after(() => second.stop());
    await producer.send({ topic, messages: [{ key: 'a', value: 'after-0' }, { key: 'b', value: 'after-1' }] });
    await seen.waitFor((items) => items.includes('after-0') && items.includes('after-1'), WAIT_MS, 'messages produced after the restart');
    // Anything seen twice was handled before its offset was committed; nothing is missing.
    assert.deepEqual([...new Set(seen.items)].sort(), ['after-0', 'after-1', 'before-0', 'before-1']);
  });
});

describe('PartitionLog segments', { timeout: 120_000 }, () => {
  function fakeBatch(records: number, maxTimestamp: number): { buf: Buffer; lastOffsetDelta: number; maxTimestamp: bigint } {
    const buf = Buffer.alloc(61 + 40);
    buf.writeInt32BE(buf.length - 12, 8);
    buf.writeInt8(2, 16);
    buf.writeInt32BE(records - 1, 23);
    buf.writeBigInt64BE(BigInt(maxTimestamp), 27);
    buf.writeBigInt64BE(BigInt(maxTimestamp), 35);
    return { buf, lastOffsetDelta: records - 1, maxTimestamp: BigInt(maxTimestamp) };
  }

  it('rolls segments at the size limit and reloads them in order', (t) => {
    const dir = tempDir(t);
    const log = new PartitionLog(dir, 250);
    for (let i = 0; i < 10; i++) log.append([fakeBatch(3, 1000 + i)]);
    log.close();
    const segments = readdirSync(dir).sort();
    assert.ok(segments.length >= 4, `rolled into ${segments.length} segments`);
    assert.equal(segments[0], '00000000000000000000.log');

    const reopened = new PartitionLog(dir, 250);
    t.after(() => reopened.close());
    assert.equal(reopened.logEndOffset, 30n);
    const batches = reopened.read(14n, 1_000_000, true);
    assert.equal(batches.length, 6, 'from the batch containing offset 14 to the end');
    assert.equal(batches[0]!.readBigInt64BE(0), 12n);
    assert.equal(reopened.read(30n, 1_000_000, true).length, 0, 'nothing at the log end');
    assert.equal(reopened.read(0n, 1, true).length, 1, 'the first batch even over the limit');
    assert.equal(reopened.read(0n, 1, false).length, 0);
    assert.deepEqual(reopened.findByTimestamp(1005n), { offset: 15n, timestamp: 1005n });
    assert.equal(reopened.append([fakeBatch(1, 2000)]), 30n);
  });
});
