import type { Bus } from '../bus/bus.js';
import { createKafkaBus } from '../bus/kafka-bus.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import type { ShadowtuneConfig } from '../config/config-schema.js';
import type { Logger } from '../log/create-logger.js';
import type { ServiceMetrics } from './service-metrics.js';

/** The bus adapter the configuration asks for. */
export function createBus(config: ShadowtuneConfig, logger: Logger, metrics: ServiceMetrics, serviceName: string): Bus {
  if (config.bus.kind === 'memory') return createMemoryBus({ logger, metrics, serviceName });
  return createKafkaBus({
    brokers: config.connections.kafkaBrokers.split(','),
    clientId: `${config.connections.kafkaClientId}-${serviceName}`,
    schemaRegistryUrl: config.connections.schemaRegistryUrl,
    topicPrefix: config.bus.topicPrefix,
    logger,
    metrics,
    serviceName,
  });
}
