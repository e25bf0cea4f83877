import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CompressionTypes, type Consumer, type EachMessagePayload, type Kafka } from 'kafkajs';
import { MessageCollector } from './message-collector.js';
import { quietKafka } from './quiet-kafka.js';
import { startTestBroker, type TestBroker } from './test-broker.js';

const WAIT_MS = 20_000;

interface Handled {
  partition: number;
  offset: number;
  key: string;
  value: string;
  timestamp: string;
  headers: Record<string, string>;
}

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Subscribes a fresh group from the beginning and collects every message it handles. */
async function startCollecting(kafka: Kafka, topic: string, options: { maxBytesPerPartition?: number; maxBytes?: number; maxWaitTimeInMs?: number } = {}) {
  const consumer: Consumer = kafka.consumer({
    groupId: unique('group'),
    sessionTimeout: 6000,
    heartbeatInterval: 200,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 200,
    ...(options.maxBytesPerPartition !== undefined && { maxBytesPerPartition: options.maxBytesPerPartition }),
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
  });
  const collected = new MessageCollector<Handled>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      collected.push({
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        timestamp: message.timestamp,
        headers,
      });
    },
  });
  return { consumer, collected };
}

describe('test broker through kafkajs', { timeout: 120_000 }, () => {
  let broker: TestBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startTestBroker({ defaultPartitions: 2 });
    kafka = quietKafka(broker.brokers, 'test-broker-test');
  });
  after(() => broker.stop());

  it('keeps per-key order across 6 partitions', async (t) => {
    const topic = unique('ordering');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] }), true);

    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}`);
    const perKey = 10;
    for (let seq = 0; seq < perKey; seq++) {
      await producer.send({ topic, messages: keys.map((key) => ({ key, value: `${key}:${seq}`, headers: { seq: String(seq) } })) });
    }

    const { consumer, collected } = await startCollecting(kafka, topic);
    t.after(() => consumer.disconnect());
    await collected.waitForCount(keys.length * perKey, WAIT_MS);

    const byKey = new Map<string, Handled[]>();
    for (const m of collected.items) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m]);
    for (const key of keys) {
      const messages = byKey.get(key) ?? [];
      assert.deepEqual(messages.map((m) => m.value), Array.from({ length: perKey }, (_, s) => `${key}:${s}`), `order of ${key}`);
      assert.equal(new Set(messages.map((m) => m.partition)).size, 1, `${key} stays on one partition`);
      assert.deepEqual(messages.map((m) => m.headers.seq), Array.from({ length: perKey }, (_, s) => String(s)));
    }
    const partitions = new Map<number, number[]>();
    for (const m of collected.items) partitions.set(m.partition, [...(partitions.get(m.partition) ?? []), m.offset]);
    assert.equal(partitions.size, 6, 'all 6 partitions used');
    for (const [partition, offsets] of partitions) {
      assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${partition} offsets are contiguous from 0`);
    }
    const ends = await admin.fetchTopicOffsets(topic);
    assert.equal(ends.reduce((sum, p) => sum + Number(p.high), 0), keys.length * perKey);
  });

  it('delivers acks=0 sends, which get no response, without confusing later requests', async (t) => {
    const topic = unique('acks0');
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    for (let i = 0; i < 20; i++) {
      const result = await producer.send({ topic, acks: 0, messages: [{ key: `k${i % 4}`, value: `fire-and-forget-${i}` }] });
      assert.deepEqual(result, []);
    }
    // A normal send on the same connection must still be matched to its own response.
    const [ack] = await producer.send({ topic, acks: 1, messages: [{ key: 'k0', value: 'acked' }] });
    assert.equal(ack?.errorCode, 0);
    const [all] = await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value: 'acked-all' }] });
    assert.equal(all?.errorCode, 0);

    const { consumer, collected } = await startCollecting(kafka, topic);
    t.after(() => consumer.disconnect());
    await collected.waitForCount(22, WAIT_MS);
    const values = new Set(collected.items.map((m) => m.value));
    for (let i = 0; i < 20; i++) assert.ok(values.has(`fire-and-forget-${i}`));
    assert.ok(values.has('acked') && values.has('acked-all'));
  });

  it('answers ListOffsets by timestamp with the first record at or after it', async (t) => {
    const topic = unique('by-timestamp');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    const base = Date.UTC(2024, 0, 1);
    const at = (i: number): string => String(base + i * 1000);
    // Two batches: the second gzip-compressed, so the lookup also walks a compressed batch.
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: at(i) })) });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${10 + i}`, timestamp: at(10 + i) })) });

    const lookup = async (ts: number): Promise<string> => (await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0]!.offset;
    assert.equal(await lookup(base - 1), '0');
    assert.equal(await lookup(base), '0');
    assert.equal(await lookup(base + 5000), '5');
    assert.equal(await lookup(base + 4500), '5');
    assert.equal(await lookup(base + 13_000), '13');
    assert.equal(await lookup(base + 12_001), '13');
    // Past the last record: kafkajs substitutes the high watermark for Kafka's -1.
    assert.equal(await lookup(base + 60_000), '20');
    const [earliest] = await admin.fetchTopicOffsets(topic);
    assert.deepEqual({ low: earliest?.low, high: earliest?.high }, { low: '0', high: '20' });

    const { consumer, collected } = await startCollecting(kafka, topic);
    t.after(() => consumer.disconnect());
    await collected.waitForCount(20, WAIT_MS);
    assert.deepEqual(collected.items.map((m) => m.value), Array.from({ length: 20 }, (_, i) => `m${i}`));
    assert.deepEqual(collected.items.map((m) => m.timestamp), Array.from({ length: 20 }, (_, i) => at(i)));
  });

  it('returns a batch larger than the fetch limits whole rather than stalling', async (t) => {
    const topic = unique('big');
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    const big = 'x'.repeat(64 * 1024);
    await producer.send({ topic, messages: [{ key: 'a', value: big }] });
    await producer.send({ topic, messages: [{ key: 'a', value: 'small' }] });
    const { consumer, collected } = await startCollecting(kafka, topic, { maxBytesPerPartition: 1024, maxBytes: 2048 });
    t.after(() => consumer.disconnect());
    await collected.waitForCount(2, WAIT_MS);
    assert.equal(collected.items[0]!.value.length, big.length);
    assert.equal(collected.items[1]!.value, 'small');
  });

  it('holds an empty Fetch for max wait, and answers as soon as a message is produced', async (t) => {
    const topic = unique('long-poll');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());

    const maxWaitTimeInMs = 3000; // below the session timeout: kafkajs heartbeats only between fetches
    const consumer = kafka.consumer({ groupId: unique('group'), sessionTimeout: 10_000, heartbeatInterval: 200, maxWaitTimeInMs });
    const collected = new MessageCollector<string>();
    const fetches = new MessageCollector<{ duration: number }>();
    consumer.on(consumer.events.FETCH, ({ payload }) => fetches.push(payload));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => collected.push(message.value!.toString()) });

    await fetches.waitForCount(1, WAIT_MS);
    const empty = fetches.items[0]!; // nothing was produced yet, so this fetch came back empty
    assert.ok(empty.duration >= maxWaitTimeInMs - 500, `empty fetch held ${empty.duration} ms`);

    // The next fetch is already on its way; the produce must wake it, not wait out max wait.
    const sent = Date.now();
    await producer.send({ topic, messages: [{ value: 'wake up' }] });
    await collected.waitForCount(1, WAIT_MS);
    const latency = Date.now() - sent;
    // disconnect() waits for the in-flight long poll; one more message ends it early.
    const disconnected = consumer.disconnect();
    await producer.send({ topic, messages: [{ value: 'let go' }] });
    await disconnected;
    assert.ok(latency < maxWaitTimeInMs - 500, `delivered in ${latency} ms, before the ${maxWaitTimeInMs} ms max wait`);
  });

  it('waits for min_bytes (up to max wait) and answers as soon as enough data arrives', async (t) => {
    const topic = unique('min-bytes');
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'k', value: 'small' }] });

    const maxWaitTimeInMs = 2000;
    const consumer = kafka.consumer({ groupId: unique('group'), sessionTimeout: 10_000, heartbeatInterval: 200, maxWaitTimeInMs, minBytes: 100_000 });
    // kafkajs emits FETCH (with its duration) just before handing that fetch's batches out.
    let lastFetchMs = -1;
    consumer.on(consumer.events.FETCH, ({ payload }) => (lastFetchMs = payload.duration));
    const delivered = new MessageCollector<{ size: number; fetchMs: number }>();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => delivered.push({ size: message.value!.length, fetchMs: lastFetchMs }) });
    await delivered.waitForCount(1, WAIT_MS);
    const small = delivered.items[0]!;
    assert.ok(small.fetchMs >= maxWaitTimeInMs - 500, `under min_bytes the fetch was held ${small.fetchMs} ms`);

    await producer.send({ topic, messages: [{ key: 'k', value: 'x'.repeat(150_000) }] });
    await delivered.waitForCount(2, WAIT_MS);
    const big = delivered.items[1]!;
    const disconnected = consumer.disconnect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'x'.repeat(150_000) }] });
    await disconnected;
    assert.equal(big.size, 150_000);
    assert.ok(big.fetchMs < maxWaitTimeInMs - 500, `over min_bytes the fetch answered in ${big.fetchMs} ms`);
  });

  it('starts a fetch in the middle of a stored batch at the committed offset', async (t) => {
    const topic = unique('mid-batch');
    const groupId = unique('group');
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: 'one-partition', value: `m${i}` })) });
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    const partition = (await admin.fetchTopicOffsets(topic)).find((p) => p.high === '10')!.partition;

    // A member that commits offset 5 by hand: the next reader starts inside the 10-record batch.
    const first = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const firstSeen = new MessageCollector<string>();
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    await first.run({ autoCommit: false, eachMessage: async ({ message }) => firstSeen.push(message.value!.toString()) });
    await firstSeen.waitForCount(10, WAIT_MS);
    await first.commitOffsets([{ topic, partition, offset: '5' }]);
    await first.disconnect();

    const second = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const secondSeen = new MessageCollector<string>();
    await second.connect();
    t.after(() => second.disconnect());
    await second.subscribe({ topic, fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => secondSeen.push(message.value!.toString()) });
    await secondSeen.waitForCount(5, WAIT_MS);
    await producer.send({ topic, messages: [{ key: 'one-partition', value: 'm10' }] });
    await secondSeen.waitForCount(6, WAIT_MS);
    assert.deepEqual(secondSeen.items, ['m5', 'm6', 'm7', 'm8', 'm9', 'm10']);
  });

  it('recovers a consumer whose committed offset is out of range', async (t) => {
    const topic = unique('out-of-range');
    const groupId = unique('group');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    // An Empty group accepts an admin commit (generation -1); 1000 is past the log end.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1000' }] });
    assert.equal((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset, '1000');

    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const collected = new MessageCollector<string>();
    await consumer.connect();
    t.after(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => collected.push(message.value!.toString()) });
    await collected.waitForCount(2, WAIT_MS);
    assert.deepEqual(collected.items, ['a', 'b']);
  });

  it('supports the admin calls: create (twice), describe and list groups, never exposing __consumer_offsets', async (t) => {
    const topic = unique('admin');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), true);
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), false, 'already exists');
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad name!' }] }));
    await assert.rejects(admin.createTopics({ topics: [{ topic: '__consumer_offsets' }] }));
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(metadata.topics[0]!.partitions.map((p) => p.partitionId).sort(), [0, 1, 2]);

    const { consumer, collected } = await startCollecting(kafka, topic);
    t.after(() => consumer.disconnect());
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'x', value: 'y' }] });
    await collected.waitForCount(1, WAIT_MS);

    const description = await consumer.describeGroup();
    assert.equal(description.state, 'Stable');
    assert.equal(description.protocolType, 'consumer');
    assert.equal(description.members.length, 1);
    const { groups } = await admin.listGroups();
    assert.ok(groups.some((g) => g.groupId === description.groupId && g.protocolType === 'consumer'));
    const topics = await admin.listTopics();
    assert.ok(topics.includes(topic));
    assert.ok(!topics.some((name) => name.startsWith('__')), `internal topic exposed: ${topics.join(',')}`);
  });
});

describe('test broker topic lifecycle', { timeout: 120_000 }, () => {
  it('deletes topics: gone from metadata, offsets and committed positions reset on re-create', async (t) => {
    const broker = await startTestBroker({ autoCreateTopics: false });
    t.after(() => broker.stop());
    const kafka = quietKafka(broker.brokers, 'delete-topics-test');
    const topic = unique('doomed');
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] });
    const { consumer, collected } = await startCollecting(kafka, topic);
    await collected.waitForCount(3, WAIT_MS);
    await consumer.disconnect();
    const groupId = (await consumer.describeGroup()).groupId;
    const before = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(before[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0), 3, 'committed before the delete');

    await admin.deleteTopics({ topics: [topic] });
    assert.ok(!(await admin.listTopics()).includes(topic));
    // UNKNOWN_TOPIC_OR_PARTITION is retriable for kafkajs, so fail fast with a no-retry client.
    const impatient = quietKafka(broker.brokers, 'delete-again', { retries: 0 }).admin();
    await impatient.connect();
    t.after(() => impatient.disconnect());
    await assert.rejects(impatient.deleteTopics({ topics: [topic] }), /does not host this topic-partition/);

    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const offsets = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(offsets.map((p) => p.high), ['0', '0']);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.deepEqual(committed[0]!.partitions.map((p) => p.offset), ['-1', '-1']);
  });

  it('does not auto-create topics when disabled', async (t) => {
    const broker = await startTestBroker({ autoCreateTopics: false });
    t.after(() => broker.stop());
    const kafka = quietKafka(broker.brokers, 'no-auto-create-test');
    const producer = kafka.producer({ retry: { retries: 1, initialRetryTime: 20 } });
    await producer.connect();
    t.after(() => producer.disconnect());
    await assert.rejects(producer.send({ topic: unique('missing'), messages: [{ value: 'x' }] }), /does not host this topic-partition/);
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    assert.deepEqual(await admin.listTopics(), []);
  });

  it('auto-creates topics with the default partition count', async (t) => {
    const broker = await startTestBroker({ defaultPartitions: 4 });
    t.after(() => broker.stop());
    const kafka = quietKafka(broker.brokers, 'auto-create-test');
    const topic = unique('auto');
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
    const admin = kafka.admin();
    await admin.connect();
    t.after(() => admin.disconnect());
    assert.equal((await admin.fetchTopicOffsets(topic)).length, 4);
  });
});
