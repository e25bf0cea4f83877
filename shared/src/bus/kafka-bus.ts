import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type LogEntry } from 'kafkajs';
import { ContractCodec } from '../contracts/contract-codec.js';
import type { TopicName, TopicRecords } from '../contracts/generated-types.js';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import type { Logger } from '../log/create-logger.js';
import type { ServiceMetrics } from '../service/service-metrics.js';
import { buildDeadLetter } from './build-dead-letter.js';
import {
  DEFAULT_RETRY_POLICY,
  type Bus,
  type BusEvent,
  type RawBusEvent,
  type RetryPolicy,
  type SubscribeOptions,
  type SubscribeRawOptions,
  type Subscription,
} from './bus.js';
import { memoizeAsync } from '../util/memoize-async.js';
import { runHandlerWithRetries } from './run-handler-with-retries.js';
import { toKafkaError } from './to-kafka-error.js';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly schemaRegistryUrl: string;
  readonly logger: Logger;
  readonly topicPrefix?: string;
  readonly metrics?: ServiceMetrics;
  readonly serviceName?: string;
  /** Partitions of topics this bus creates (existing topics are left as they are). */
  readonly partitions?: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly maxWaitTimeMs?: number;
  readonly codec?: ContractCodec;
}

const CONFLUENT_MAGIC_BYTE = 0;

/** Confluent wire format: magic byte 0, the schema id (INT32 big-endian), the Avro body. */
function wireFormat(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(CONFLUENT_MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      // kafkajs reports rebalances it handles itself at ERROR; they are warnings for us.
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn({ kafka: extra }, `kafkajs: ${message}`);
      else logger.debug({ kafka: extra }, `kafkajs: ${message}`);
    };
}

function headersOf(raw: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value !== undefined && value !== null) out[key] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

/**
 * The distributed adapter: kafkajs producers and consumer groups, Avro values in the
 * Confluent wire format with schemas from `schemas/` registered under `<topic>-value`
 * (BACKWARD compatibility). Offsets are resolved only after a handler succeeded or the
 * event was dead-lettered, and committed by kafkajs (periodically, on rebalance and on stop).
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  const codec = options.codec ?? new ContractCodec();
  const prefix = options.topicPrefix ?? '';
  const partitions = options.partitions ?? 6;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logCreator: kafkaLogCreator(options.logger),
    logLevel: logLevel.INFO,
    retry: { initialRetryTime: 100, retries: 8 },
  });
  const registry = new SchemaRegistry({ host: options.schemaRegistryUrl, clientId: options.clientId });
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const fullName = (topic: string) => `${prefix}${topic}`;
  const shortName = (topic: string) => (prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);

  const producer = memoizeAsync(async () => {
    const p = kafka.producer({ allowAutoTopicCreation: true });
    await p.connect().catch((error: unknown) => {
      throw toKafkaError(error, 'connecting the producer');
    });
    return p;
  });

  const admin = memoizeAsync(async () => {
    const a = kafka.admin();
    await a.connect().catch((error: unknown) => {
      throw toKafkaError(error, 'connecting the admin client');
    });
    return a;
  });

  const createdTopics = memoizeAsync(async (topic: string) => {
    const a = await admin.get(null);
    await a.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true }).catch((error: unknown) => {
      throw toKafkaError(error, `creating topic ${topic}`);
    });
  });

  const schemaIds = memoizeAsync(async (topic: TopicName) => {
    try {
      const registered = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(codec.contract(topic).schema) }, { subject: `${fullName(topic)}-value` });
      return registered.id;
    } catch (error) {
      throw toKafkaError(error, `registering the schema of ${topic}`);
    }
  });

  interface PendingMessage {
    readonly topic: string;
    readonly message: { key: Buffer | string | null; value: Buffer; headers: Record<string, string> };
    readonly done: (error?: unknown) => void;
  }
  let pending: PendingMessage[] = [];

  /**
   * Sends what was published in the same tick as one produce request per flush, like a
   * Kafka producer's linger.ms: each publish still resolves only when the broker acked it.
   */
  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    const byTopic = new Map<string, PendingMessage[]>();
    for (const item of batch) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item]);
    try {
      const p = await producer.get(null);
      await p.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, items]) => ({ topic, messages: items.map((i) => i.message) })) });
      for (const item of batch) item.done();
    } catch (error) {
      const wrapped = toKafkaError(error, `publishing to ${[...byTopic.keys()].join(', ')}`);
      for (const item of batch) item.done(wrapped);
    }
  }

  async function send(topic: string, key: Buffer | string | null, value: Buffer, headers: Readonly<Record<string, string>>): Promise<void> {
    if (closed) throw new ShadowtuneError('BUS_CLOSED', 'publish after the bus was closed');
    const full = fullName(topic);
    await createdTopics.get(full);
    await new Promise<void>((resolve, reject) => {
      if (pending.length === 0) setImmediate(() => void flush());
      pending.push({ topic: full, message: { key, value, headers: { ...headers } }, done: (error) => (error ? reject(error) : resolve()) });
    });
    options.metrics?.eventsOut.inc({ topic });
  }

  /**
   * Reads a record written with schema `writerId` into the topic's current schema. The
   * resolver is built once per (topic, writer schema): the registry client's own decode
   * re-parses the reader schema on every call, which costs more than the rest of consuming.
   */
  const readers = memoizeAsync(async (key: string) => {
    const [topic, id] = key.split('\u0000') as [TopicName, string];
    const writerId = Number(id);
    let writer: avro.Type;
    try {
      writer = (await registry.getSchema(writerId)) as unknown as avro.Type;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== undefined && status < 500) {
        throw new ShadowtuneError('DECODE_FAILED', `value on ${topic} names schema id ${writerId}, which the registry does not know`, { cause: error, context: { topic } });
      }
      throw toKafkaError(error, 'fetching a writer schema');
    }
    const readerType = codec.contract(topic).type;
    if (readerType.equals(writer)) return (body: Buffer) => readerType.fromBuffer(body);
    let resolver: avro.Resolver;
    try {
      resolver = readerType.createResolver(writer);
    } catch (cause) {
      throw new ShadowtuneError('DECODE_FAILED', `schema id ${writerId} on ${topic} cannot be read with the current ${topic} schema`, { cause, context: { topic } });
    }
    return (body: Buffer) => readerType.fromBuffer(body, resolver);
  });

  async function decodeValue<T extends TopicName>(topic: T, value: Buffer | null): Promise<TopicRecords[T]> {
    if (value === null || value.length < 5 || value[0] !== CONFLUENT_MAGIC_BYTE) {
      throw new ShadowtuneError('DECODE_FAILED', `value on ${topic} is not in the Confluent wire format (magic byte 0, schema id, Avro)`, { context: { topic } });
    }
    const read = await readers.get(`${topic}\u0000${value.readInt32BE(1)}`);
    try {
      return read(value.subarray(5)) as TopicRecords[T];
    } catch (cause) {
      throw new ShadowtuneError('DECODE_FAILED', `value on ${topic} could not be decoded: ${(cause as Error).message}`, { cause, context: { topic } });
    }
  }

  async function consume(
    groupId: string,
    topics: readonly string[],
    fromBeginning: boolean,
    retry: RetryPolicy,
    deliver: (message: RawBusEvent) => Promise<void>,
    withholdValue = false,
  ): Promise<Subscription> {
    if (closed) throw new ShadowtuneError('BUS_CLOSED', 'subscribe after the bus was closed');
    const fullTopics = topics.map(fullName);
    for (const topic of fullTopics) await createdTopics.get(topic);
    const consumer: Consumer = kafka.consumer({
      groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
      allowAutoTopicCreation: true,
    });
    const stopping = new AbortController();
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: fullTopics, fromBeginning });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw toKafkaError(error, `subscribing group ${groupId}`);
    }
    const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
      const topic = shortName(batch.topic);
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || stopping.signal.aborted) break;
        const event: RawBusEvent = {
          topic,
          key: message.key ?? null,
          value: message.value ?? null,
          partition: batch.partition,
          offset: message.offset,
          timestamp: Number(message.timestamp),
          headers: headersOf(message.headers as Record<string, unknown> | undefined),
        };
        const started = process.hrtime.bigint();
        const outcome = await runHandlerWithRetries(() => deliver(event), retry, stopping.signal);
        if (!outcome.ok && outcome.interrupted) break;
        if (outcome.ok) {
          options.metrics?.eventsIn.inc({ topic });
          options.metrics?.handlerSeconds.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
        } else {
          const source = {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: withholdValue ? null : event.key,
            value: withholdValue ? null : event.value,
          };
          const letter = buildDeadLetter(source, outcome.error, outcome.attempts, options.serviceName ?? groupId);
          options.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, code: outcome.error.code, attempts: outcome.attempts, groupId }, 'event dead-lettered');
          options.metrics?.deadLetters.inc({ topic, code: outcome.error.code });
          await publishDeadLetter(letter);
        }
        resolveOffset(message.offset);
        options.metrics?.lag.set({ topic, partition: String(batch.partition) }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(message.offset) - 1n)));
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    };
    await consumer.run({ autoCommit: true, autoCommitInterval: 500, autoCommitThreshold: 100, eachBatchAutoResolve: false, eachBatch });
    const subscription: Subscription = {
      async stop() {
        if (stopping.signal.aborted) return;
        stopping.abort();
        subscriptions.delete(subscription);
        // disconnect() waits for the batch in progress; resolved offsets are committed on the way out.
        await consumer.disconnect().catch((error: unknown) => options.logger.warn({ err: error, groupId }, 'consumer disconnect failed'));
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  async function publishDeadLetter(letter: ReturnType<typeof buildDeadLetter>): Promise<void> {
    const body = codec.encode('dead.letters', letter);
    await send('dead.letters', letter.originalTopic, wireFormat(await schemaIds.get('dead.letters'), body), {});
  }

  return {
    kind: 'kafka',
    async publish<T extends TopicName>(topic: T, key: string, value: TopicRecords[T], headers: Readonly<Record<string, string>> = {}) {
      const body = codec.encode(topic, value);
      await send(topic, key, wireFormat(await schemaIds.get(topic), body), headers);
    },
    async publishRaw(topic, key, value, headers = {}) {
      await send(topic, key, value, headers);
    },
    async subscribe<T extends TopicName>(subscription: SubscribeOptions<T>): Promise<Subscription> {
      return consume(subscription.groupId, subscription.topics, subscription.fromBeginning ?? true, subscription.retry ?? DEFAULT_RETRY_POLICY, async (raw) => {
        const value = await decodeValue(raw.topic as T, raw.value);
        const event = { ...raw, key: raw.key?.toString() ?? null, value };
        await subscription.handler(event as unknown as BusEvent<T>);
      });
    },
    async subscribeRaw(subscription: SubscribeRawOptions): Promise<Subscription> {
      return consume(
        subscription.groupId,
        subscription.topics,
        subscription.fromBeginning ?? true,
        subscription.retry ?? DEFAULT_RETRY_POLICY,
        subscription.handler,
        subscription.withholdValue,
      );
    },
    async close() {
      if (closed) return;
      await Promise.all([...subscriptions].map((s) => s.stop()));
      closed = true;
      await Promise.all([
        producer.peek(null)?.then((p) => p.disconnect()).catch(() => undefined),
        admin.peek(null)?.then((a) => a.disconnect()).catch(() => undefined),
      ]);
    },
  };
}
