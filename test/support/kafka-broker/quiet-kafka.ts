import { Kafka, logLevel, type RetryOptions } from 'kafkajs';

/** A kafkajs client for tests: quiet (kafkajs logs handled rebalances at ERROR) and quick to retry. */
export function quietKafka(brokers: string[], clientId: string, retry: RetryOptions = {}): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 5, ...retry },
  });
}
