import { setMaxListeners } from 'node:events';
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
import { partitionForKey } from './partition-for-key.js';
import { runHandlerWithRetries } from './run-handler-with-retries.js';

interface StoredRecord {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

interface Member {
  readonly topics: readonly string[];
  readonly handle: (record: StoredRecord, topic: string, partition: number, offset: number, signal: AbortSignal) => Promise<'done' | 'interrupted'>;
  assigned: Set<string>;
  readonly abort: AbortController;
  readonly loops: Map<string, Promise<void>>;
}

interface Group {
  readonly committed: Map<string, number>;
  readonly members: Member[];
}

export interface MemoryBusOptions {
  readonly logger: Logger;
  readonly metrics?: ServiceMetrics;
  readonly partitions?: number;
  readonly codec?: ContractCodec;
  /** Name written into dead letters (`service` field). */
  readonly serviceName?: string;
}

const slot = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The in-process bus of embedded mode. It keeps Kafka's semantics so that services behave
 * the same on both adapters: keyed partitions with per-key order, consumer groups sharing
 * partitions with committed offsets, Avro encoding on publish (so contracts are enforced),
 * at-least-once delivery, retries and dead letters.
 */
export function createMemoryBus(options: MemoryBusOptions): Bus {
  const codec = options.codec ?? new ContractCodec();
  const partitionCount = options.partitions ?? 4;
  const logs = new Map<string, StoredRecord[][]>();
  const groups = new Map<string, Group>();
  const waiters = new Set<() => void>();
  let closed = false;

  function logOf(topic: string): StoredRecord[][] {
    let log = logs.get(topic);
    if (!log) {
      log = Array.from({ length: partitionCount }, () => []);
      logs.set(topic, log);
    }
    return log;
  }

  function wakeAll(): void {
    for (const wake of [...waiters]) wake();
  }

  function append(topic: string, key: Buffer | null, value: Buffer, headers: Readonly<Record<string, string>>): void {
    if (closed) throw new ShadowtuneError('BUS_CLOSED', 'publish after the bus was closed');
    const log = logOf(topic);
    const partition = key ? partitionForKey(key, partitionCount) : Math.floor(Math.random() * partitionCount);
    log[partition]!.push({ key, value, headers, timestamp: Date.now() });
    options.metrics?.eventsOut.inc({ topic });
    wakeAll();
  }

  function waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  async function runPartition(group: Group, member: Member, topic: string, partition: number): Promise<void> {
    const key = slot(topic, partition);
    const log = logOf(topic)[partition]!;
    while (!member.abort.signal.aborted && member.assigned.has(key)) {
      const offset = group.committed.get(key) ?? 0;
      const record = log[offset];
      if (!record) {
        await waitForChange(member.abort.signal);
        continue;
      }
      const outcome = await member.handle(record, topic, partition, offset, member.abort.signal);
      if (outcome === 'interrupted') return;
      group.committed.set(key, offset + 1);
    }
  }

  function rebalance(group: Group): void {
    const active = group.members.filter((m) => !m.abort.signal.aborted);
    const slots = new Map<string, Member[]>();
    for (const member of active) {
      for (const topic of member.topics) {
        for (let p = 0; p < partitionCount; p++) {
          const list = slots.get(slot(topic, p)) ?? [];
          list.push(member);
          slots.set(slot(topic, p), list);
        }
      }
    }
    const next = new Map<Member, Set<string>>(active.map((m) => [m, new Set<string>()]));
    let index = 0;
    for (const [key, candidates] of [...slots.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      next.get(candidates[index++ % candidates.length]!)!.add(key);
    }
    for (const member of active) {
      member.assigned = next.get(member)!;
      for (const key of member.assigned) {
        if (member.loops.has(key)) continue;
        const [topic, partition] = key.split('\u0000') as [string, string];
        const loop = runPartition(group, member, topic, Number(partition)).finally(() => member.loops.delete(key));
        member.loops.set(key, loop);
      }
    }
    wakeAll();
  }

  function join(groupId: string, topics: readonly string[], handle: Member['handle']): Subscription {
    if (closed) throw new ShadowtuneError('BUS_CLOSED', 'subscribe after the bus was closed');
    let group = groups.get(groupId);
    if (!group) {
      group = { committed: new Map(), members: [] };
      groups.set(groupId, group);
    }
    const member: Member = { topics, handle, assigned: new Set(), abort: new AbortController(), loops: new Map() };
    // Every idle partition loop of the member waits on this signal.
    setMaxListeners(0, member.abort.signal);
    group.members.push(member);
    for (const topic of topics) logOf(topic);
    rebalance(group);
    const owner = group;
    return {
      async stop() {
        if (member.abort.signal.aborted) return;
        member.abort.abort();
        await Promise.all(member.loops.values());
        owner.members.splice(owner.members.indexOf(member), 1);
        rebalance(owner);
      },
    };
  }

  async function deliver(
    groupId: string,
    retry: RetryPolicy,
    signal: AbortSignal,
    record: StoredRecord,
    topic: string,
    partition: number,
    offset: number,
    call: () => Promise<void>,
    withholdValue = false,
  ): Promise<'done' | 'interrupted'> {
    const started = process.hrtime.bigint();
    const outcome = await runHandlerWithRetries(call, retry, signal);
    if (outcome.ok) {
      options.metrics?.eventsIn.inc({ topic });
      options.metrics?.handlerSeconds.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
      return 'done';
    }
    if (outcome.interrupted) return 'interrupted';
    const source = { topic, partition, offset: String(offset), key: withholdValue ? null : record.key, value: withholdValue ? null : record.value };
    const letter = buildDeadLetter(source, outcome.error, outcome.attempts, options.serviceName ?? groupId);
    options.logger.warn({ topic, partition, offset, code: outcome.error.code, attempts: outcome.attempts, groupId }, 'event dead-lettered');
    options.metrics?.deadLetters.inc({ topic, code: outcome.error.code });
    append('dead.letters', Buffer.from(topic), codec.encode('dead.letters', letter), {});
    return 'done';
  }

  return {
    kind: 'memory',
    async publish<T extends TopicName>(topic: T, key: string, value: TopicRecords[T], headers: Readonly<Record<string, string>> = {}) {
      append(topic, Buffer.from(key), codec.encode(topic, value), headers);
    },
    async publishRaw(topic, key, value, headers = {}) {
      append(topic, key === null ? null : Buffer.isBuffer(key) ? key : Buffer.from(key), value, headers);
    },
    async subscribe<T extends TopicName>(subscription: SubscribeOptions<T>): Promise<Subscription> {
      const retry = subscription.retry ?? DEFAULT_RETRY_POLICY;
      return join(subscription.groupId, subscription.topics, (record, topic, partition, offset, signal) =>
        deliver(subscription.groupId, retry, signal, record, topic, partition, offset, async () => {
          // Decoding inside the handler call: a DECODE_FAILED is not retriable, so it is dead-lettered at once.
          const value = codec.decode(topic as T, record.value);
          const event = { topic, key: record.key?.toString() ?? null, value, partition, offset: String(offset), timestamp: record.timestamp, headers: record.headers };
          await subscription.handler(event as unknown as BusEvent<T>);
        }),
      );
    },
    async subscribeRaw(subscription: SubscribeRawOptions): Promise<Subscription> {
      const retry = subscription.retry ?? DEFAULT_RETRY_POLICY;
      return join(subscription.groupId, subscription.topics, (record, topic, partition, offset, signal) =>
        deliver(subscription.groupId, retry, signal, record, topic, partition, offset, async () => {
          const event: RawBusEvent = { topic, key: record.key, value: record.value, partition, offset: String(offset), timestamp: record.timestamp, headers: record.headers };
          await subscription.handler(event);
        }, subscription.withholdValue),
      );
    },
    async close() {
      if (closed) return;
      const stops: Promise<void>[] = [];
      for (const group of groups.values()) {
        for (const member of group.members) {
          member.abort.abort();
          stops.push(...member.loops.values());
        }
      }
      await Promise.all(stops);
      closed = true;
    },
  };
}
