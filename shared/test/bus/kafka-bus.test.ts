import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { createKafkaBus } from '../../src/bus/kafka-bus.js';
import { createLogger } from '../../src/log/create-logger.js';
import { startTestBroker } from '../../../test/support/kafka-broker/test-broker.js';
import { startTestSchemaRegistry } from '../../../test/support/schema-registry/test-schema-registry.js';
import { defineBusContract } from './bus-contract.js';

// The same contract as the memory adapter, over the real Kafka protocol (kafkajs) and the
// Confluent registry REST API, against the project's test broker and registry.
const broker = await startTestBroker({ defaultPartitions: 6 });
const registry = await startTestSchemaRegistry();
after(async () => {
  await registry.stop();
  await broker.stop();
});

defineBusContract('kafka', async () => {
  const bus = createKafkaBus({
    brokers: broker.brokers,
    clientId: 'contract',
    schemaRegistryUrl: registry.url,
    logger: createLogger({ service: 'test', level: 'silent' }),
    topicPrefix: `t-${randomUUID().slice(0, 8)}.`,
    partitions: 6,
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 100,
    maxWaitTimeMs: 100,
  });
  return { bus, close: () => bus.close() };
});
