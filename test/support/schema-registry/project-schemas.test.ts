import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avsc from 'avsc';
import { MessageCollector } from '../kafka-broker/message-collector.js';
import { quietKafka } from '../kafka-broker/quiet-kafka.js';
import { startTestBroker } from '../kafka-broker/test-broker.js';
import { startTestSchemaRegistry } from './test-schema-registry.js';

const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const files = readdirSync(schemasDir).filter((f) => f.endsWith('.avsc')).sort();
const SAMPLES = 3;

describe('every schema in schemas/ through the test registry and the test broker', { timeout: 120_000 }, () => {
  it('registers each schema and round-trips random values through Kafka', async (t) => {
    assert.ok(files.length > 0, 'schemas/ has .avsc files');
    const [broker, server] = await Promise.all([startTestBroker({ defaultPartitions: 2 }), startTestSchemaRegistry()]);
    t.after(() => Promise.all([broker.stop(), server.stop()]));
    const registry = new SchemaRegistry({ host: server.url });
    const kafka = quietKafka(broker.brokers, 'project-schemas');
    const run = randomUUID().slice(0, 8);

    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    // The topic is named after the file, as the project's topics are; prefixed so runs never collide.
    const cases = await Promise.all(
      files.map(async (file) => {
        const text = readFileSync(`${schemasDir}${file}`, 'utf8');
        const type = avsc.Type.forSchema(JSON.parse(text) as avsc.Schema);
        const topic = `${run}.${file.replace(/\.avsc$/, '')}`;
        const { id } = await registry.register({ type: SchemaType.AVRO, schema: text }, { subject: `${topic}-value` });
        const values = Array.from({ length: SAMPLES }, () => type.random() as unknown);
        return { file, type, topic, id, expected: values.map((v) => type.toBuffer(v)) };
      }),
    );
    assert.equal(new Set(cases.map((c) => c.id)).size, files.length, 'one global id per schema');
    for (const c of cases) {
      const messages = await Promise.all(c.expected.map(async (bytes, i) => ({ key: String(i), value: await registry.encode(c.id, c.type.fromBuffer(bytes)) })));
      await producer.send({ topic: c.topic, messages });
    }

    const consumer = kafka.consumer({ groupId: `g-${run}`, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const received = new MessageCollector<{ topic: string; key: string; writerId: number; value: unknown }>();
    await consumer.connect();
    t.after(() => consumer.disconnect());
    await consumer.subscribe({ topics: cases.map((c) => c.topic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key!.toString(), writerId: message.value!.readInt32BE(1), value: await registry.decode(message.value!) });
      },
    });
    await received.waitForCount(files.length * SAMPLES, 30_000);

    for (const c of cases) {
      const got = received.items.filter((r) => r.topic === c.topic).sort((a, b) => Number(a.key) - Number(b.key));
      assert.equal(got.length, SAMPLES, c.file);
      got.forEach((r, i) => {
        assert.equal(r.writerId, c.id, `${c.file}: schema id in the wire format`);
        assert.ok(c.type.toBuffer(r.value).equals(c.expected[i]!), `${c.file}: value ${i} decodes to what was encoded`);
      });
    }
  });
});
