// npm run bench:bus — records/s produced and consumed through the Kafka adapter (kafkajs +
// Avro + Confluent registry, against the project's test broker running as its own process)
// and through the memory adapter, side by side in one run. Median of RUNS runs.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { Bus } from '../../shared/src/bus/bus.js';
import { createKafkaBus } from '../../shared/src/bus/kafka-bus.js';
import { createMemoryBus } from '../../shared/src/bus/memory-bus.js';
import { ContractCodec } from '../../shared/src/contracts/contract-codec.js';
import type { QuerySignature } from '../../shared/src/contracts/generated-types.js';
import { createLogger } from '../../shared/src/log/create-logger.js';
import { startTestSchemaRegistry } from '../../test/support/schema-registry/test-schema-registry.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = 64;
const logger = createLogger({ service: 'bench', level: 'silent' });
const codec = new ContractCodec();

function signature(i: number): QuerySignature {
  return {
    eventId: randomUUID(),
    fingerprint: `fp${(i % 500).toString(16).padStart(14, '0')}`,
    normalizedSql: 'SELECT o.id, o.total, c.email FROM public.orders o JOIN public.customers c ON c.id = o.customer_id WHERE o.status = $1 AND o.created_at > $2 ORDER BY o.created_at DESC LIMIT $3',
    statementKind: 'SELECT',
    relations: ['public.orders', 'public.customers'],
    parsed: true,
    flags: [],
    source: 'LOG_JSON',
    sourcePosition: `inode:1234:offset:${i * 300}`,
    observedAt: 1_760_000_000_000 + i,
    calls: 1,
    samplingWeight: 1,
    durationMs: 12.5,
    totalDurationMs: 12.5,
    rows: 20,
    tags: { database: 'app', user: 'web', application: 'checkout', client: '10.0.0.1', session: `s${i % 97}`, comment: { controller: 'orders', action: 'index' } },
    parameters: [
      { position: 1, typeClass: 'TEXT', sampleCount: 100, topShare: 0.6, distinctEstimate: 4 },
      { position: 2, typeClass: 'DATE_TIME', sampleCount: 100, topShare: 0.01, distinctEstimate: 98 },
    ],
    plan: null,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(bus: Bus): Promise<{ produced: number; consumed: number }> {
  const records = Array.from({ length: RECORDS }, (_, i) => signature(i));
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += CONCURRENCY) {
    await Promise.all(records.slice(i, i + CONCURRENCY).map((r) => bus.publish('query.signatures', r.fingerprint, r)));
  }
  const produceSeconds = (performance.now() - t0) / 1000;
  let handled = 0;
  const t1 = performance.now();
  const done = new Promise<void>((resolve) => {
    void bus.subscribe({
      groupId: `bench-${randomUUID()}`,
      topics: ['query.signatures'],
      handler: async () => {
        handled += 1;
        if (handled === RECORDS) resolve();
      },
    });
  });
  await done;
  const consumeSeconds = (performance.now() - t1) / 1000;
  return { produced: RECORDS / produceSeconds, consumed: RECORDS / consumeSeconds };
}

function startBrokerProcess(): Promise<{ brokers: string[]; stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/kafka-broker/main.ts', '--port', '0', '--partitions', '6'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on ([\d.]+:\d+)/.exec(chunk.toString());
      if (match) resolve({ brokers: [match[1]!], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`test broker exited with ${code}`)));
  });
}

const recordBytes = codec.encode('query.signatures', signature(1)).length + 5;
const broker = await startBrokerProcess();
const registry = await startTestSchemaRegistry();
const results: Record<'memory' | 'kafka', { produced: number[]; consumed: number[] }> = { memory: { produced: [], consumed: [] }, kafka: { produced: [], consumed: [] } };
try {
  for (let run = 0; run < RUNS; run++) {
    const memory = createMemoryBus({ logger, partitions: 6 });
    const m = await measure(memory);
    await memory.close();
    results.memory.produced.push(m.produced);
    results.memory.consumed.push(m.consumed);
    const kafka = createKafkaBus({ brokers: broker.brokers, clientId: 'bench', schemaRegistryUrl: registry.url, logger, topicPrefix: `bench-${run}-${randomUUID().slice(0, 6)}.`, partitions: 6, maxWaitTimeMs: 100 });
    const k = await measure(kafka);
    await kafka.close();
    results.kafka.produced.push(k.produced);
    results.kafka.consumed.push(k.consumed);
    process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
  }
} finally {
  broker.stop();
  await registry.stop();
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`bench:bus — ${RECORDS.toLocaleString('en-US')} QuerySignature records of ${recordBytes} bytes on the wire, publish concurrency ${CONCURRENCY}, median of ${RUNS} runs`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log('');
console.log('| adapter | produced records/s | consumed records/s |');
console.log('|---|---|---|');
console.log(`| memory (Avro via avsc, in-process) | ${fmt(median(results.memory.produced))} | ${fmt(median(results.memory.consumed))} |`);
console.log(`| kafka (kafkajs + Confluent wire format + registry, test broker process) | ${fmt(median(results.kafka.produced))} | ${fmt(median(results.kafka.consumed))} |`);
