import { Kafka, logLevel } from 'kafkajs';

/** A kafkajs client for tests: quiet (kafkajs logs handled rebalances at ERROR) and fast to retry. */
export function quietKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 10 },
  });
}
