import type { Bus } from '../bus/bus.js';
import { createKafkaBus } from '../bus/kafka-bus.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import type { ShadowtuneConfig } from '../config/config-schema.js';
import { ContractCodec, type TopicEncoders } from '../contracts/contract-codec.js';
import type { Logger } from '../log/create-logger.js';
import type { ServiceMetrics } from './service-metrics.js';

/** The bus adapter the configuration asks for, encoding with `encoders` where given. */
export function createBus(config: ShadowtuneConfig, logger: Logger, metrics: ServiceMetrics, serviceName: string, encoders: TopicEncoders = {}): Bus {
  const codec = new ContractCodec(undefined, encoders);
  if (config.bus.kind === 'memory') return createMemoryBus({ logger, metrics, serviceName, codec });
  return createKafkaBus({
    codec,
    brokers: config.connections.kafkaBrokers.split(','),
    clientId: `${config.connections.kafkaClientId}-${serviceName}`,
    schemaRegistryUrl: config.connections.schemaRegistryUrl,
    topicPrefix: config.bus.topicPrefix,
    logger,
    metrics,
    serviceName,
  });
}
