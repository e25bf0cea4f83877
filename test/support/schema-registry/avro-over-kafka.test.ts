import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avsc from 'avsc';
import { quietKafka } from '../kafka-broker/quiet-kafka.js';
import { MessageCollector } from '../kafka-broker/message-collector.js';
import { startTestBroker } from '../kafka-broker/test-broker.js';
import { startTestSchemaRegistry } from './test-schema-registry.js';

const v1 = {
  type: 'record',
  name: 'QueryObserved',
  namespace: 'shadowtune.test',
  fields: [
    { name: 'fingerprint', type: 'string' },
    { name: 'calls', type: 'long' },
  ],
};
const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };

describe('Avro events through the test broker and the test registry', { timeout: 120_000 }, () => {
  it('round-trips values encoded with v1 and v2, decoding both with the v2 reader schema', async (t) => {
    const [broker, server] = await Promise.all([startTestBroker({ defaultPartitions: 3 }), startTestSchemaRegistry()]);
    t.after(() => Promise.all([broker.stop(), server.stop()]));
    const registry = new SchemaRegistry({ host: server.url });
    const topic = `avro-${randomUUID().slice(0, 8)}`;
    const subject = `${topic}-value`;
    const kafka = quietKafka(broker.brokers, 'avro-test');

    const { id: id1 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
    const producer = kafka.producer();
    await producer.connect();
    t.after(() => producer.disconnect());
    const oldEvents = Array.from({ length: 5 }, (_, i) => ({ fingerprint: `fp-${i}`, calls: i * 10 }));
    await producer.send({ topic, messages: await Promise.all(oldEvents.map(async (e) => ({ key: e.fingerprint, value: await registry.encode(id1, e) }))) });

    const { id: id2 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
    assert.notEqual(id2, id1);
    const newEvents = Array.from({ length: 5 }, (_, i) => ({ fingerprint: `fp-${i}`, calls: 100 + i, note: i % 2 ? `n${i}` : null }));
    await producer.send({ topic, messages: await Promise.all(newEvents.map(async (e) => ({ key: e.fingerprint, value: await registry.encode(id2, e) }))) });

    const consumer = kafka.consumer({ groupId: `g-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 200 });
    const decoded = new MessageCollector<{ writerId: number; value: Record<string, unknown> }>();
    await consumer.connect();
    t.after(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    const readerSchema = avsc.Type.forSchema(v2 as avsc.Schema);
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = (await registry.decode(message.value!, { [SchemaType.AVRO]: { readerSchema } })) as Record<string, unknown>;
        decoded.push({ writerId: message.value!.readInt32BE(1), value: { ...value } });
      },
    });
    await decoded.waitForCount(10, 20_000);

    const sortKey = (v: Record<string, unknown>): string => `${String(v.fingerprint)}:${String(v.calls).padStart(5, '0')}`;
    const got = decoded.items.map((d) => d.value).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const want = [...oldEvents.map((e) => ({ ...e, note: null })), ...newEvents].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    assert.deepEqual(got, want);
    assert.deepEqual(new Set(decoded.items.map((d) => d.writerId)), new Set([id1, id2]));
  });
});
