import type { TopicName, TopicRecords } from '../contracts/generated-types.js';

/** A decoded event as a handler sees it. */
export interface BusEventOf<T extends TopicName> {
  readonly topic: T;
  readonly key: string | null;
  readonly value: TopicRecords[T];
  readonly partition: number;
  /** Offset within the partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** One of the subscribed topics' events, discriminated by `topic`. */
export type BusEvent<T extends TopicName> = { [K in T]: BusEventOf<K> }[T];

/** An undecoded event from a topic without an Avro contract (e.g. query.events.raw, JSON lines). */
export interface RawBusEvent {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RetryPolicy {
  /** Handler attempts before a retriable failure is dead-lettered (a non-retriable one is dead-lettered at once). */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 5_000 };

export interface SubscribeOptions<T extends TopicName> {
  /** Consumer group: instances with the same group share the partitions. */
  readonly groupId: string;
  readonly topics: readonly T[];
  readonly handler: (event: BusEvent<T>) => Promise<void>;
  /** Where a group with no committed offset starts (default true: the whole topic). */
  readonly fromBeginning?: boolean;
  readonly retry?: RetryPolicy;
}

export interface SubscribeRawOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: (event: RawBusEvent) => Promise<void>;
  readonly fromBeginning?: boolean;
  readonly retry?: RetryPolicy;
  /**
   * Dead letters of this subscription carry no key or value bytes (only topic, partition,
   * offset and the reason): for inputs whose records may hold production literals, which
   * must not leave capture.
   */
  readonly withholdValue?: boolean;
}

export interface Subscription {
  /** Stops consuming: the in-flight handler finishes and its offset is committed first. */
  stop(): Promise<void>;
}

/**
 * The message bus every service uses. Two adapters: memory (embedded mode, one process)
 * and kafka (kafkajs + Confluent Schema Registry). Delivery is at-least-once: an offset is
 * committed only after its handler succeeded; a failing handler is retried with backoff
 * (if its error is retriable) and then dead-lettered on `dead.letters` with the reason; an
 * undecodable record is dead-lettered and consumption goes on.
 */
export interface Bus {
  readonly kind: 'memory' | 'kafka';
  /** Encodes with the topic's schema (refusing a record that does not match) and appends. */
  publish<T extends TopicName>(topic: T, key: string, value: TopicRecords[T], headers?: Readonly<Record<string, string>>): Promise<void>;
  subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription>;
  /** Publishes bytes to a topic without a contract (JSON input topics). */
  publishRaw(topic: string, key: Buffer | string | null, value: Buffer, headers?: Readonly<Record<string, string>>): Promise<void>;
  subscribeRaw(options: SubscribeRawOptions): Promise<Subscription>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
