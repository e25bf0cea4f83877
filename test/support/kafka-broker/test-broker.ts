import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { BrokerContext } from './broker-context.js';
import { GroupCoordinator } from './group-coordinator.js';
import { OffsetStore } from './offset-store.js';
import { serveConnection, type BrokerLogger } from './serve-connection.js';
import { TopicStore } from './topic-store.js';

export interface TestBrokerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on and the host advertised in Metadata; default 127.0.0.1. */
  host?: string;
  /** Keep the log and committed offsets here so they survive a restart; in memory if absent. */
  dataDir?: string;
  /** Create unknown topics on Metadata requests, as Kafka does by default; default true. */
  autoCreateTopics?: boolean;
  /** Partitions for auto-created topics and CreateTopics with -1; default 1. */
  defaultPartitions?: number;
  /** Like group.initial.rebalance.delay.ms: how long a group leaving Empty waits for more joiners; default 0. */
  initialRebalanceDelayMs?: number;
  /** Receives one line per dropped connection (malformed or unsupported request); silent by default. */
  log?: BrokerLogger;
}

export interface TestBroker {
  host: string;
  port: number;
  /** Ready for `new Kafka({ brokers })`. */
  brokers: string[];
  stop(): Promise<void>;
}

/** Starts a single-node Kafka-protocol broker that kafkajs 2.2.4 talks to as to a real one. */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const host = options.host ?? '127.0.0.1';
  const advertisedHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const shutdown = new AbortController();
  const dataDir = options.dataDir ?? null;
  const topics = new TopicStore(dataDir === null ? null : join(dataDir, 'logs'));
  const offsets = new OffsetStore(dataDir === null ? null : join(dataDir, 'consumer-offsets.json'));
  const groups = new GroupCoordinator(options.initialRebalanceDelayMs ?? 0);
  const context: BrokerContext = {
    nodeId: 1,
    advertisedHost,
    advertisedPort: 0,
    autoCreateTopics: options.autoCreateTopics ?? true,
    defaultPartitions: options.defaultPartitions ?? 1,
    topics,
    offsets,
    groups,
    shutdown: shutdown.signal,
  };
  const log = options.log ?? (() => {});
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, context, log);
  });

  const release = (): void => {
    groups.close();
    topics.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    release();
    throw err;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('broker is not listening on TCP');
  context.advertisedPort = address.port;

  let stopped: Promise<void> | null = null;
  return {
    host: advertisedHost,
    port: address.port,
    brokers: [`${advertisedHost}:${address.port}`],
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        release();
      });
      return stopped;
    },
  };
}
