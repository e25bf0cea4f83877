import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { BusEvent } from '../../shared/src/bus/bus.js';
import { createKafkaBus } from '../../shared/src/bus/kafka-bus.js';
import { createLogger } from '../../shared/src/log/create-logger.js';
import { spawnShadowtune, type SpawnedShadowtune } from '../support/cli/spawn-shadowtune.js';
import { startTestBroker, type TestBroker } from '../support/kafka-broker/test-broker.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database.js';
import { startTestSchemaRegistry, type TestSchemaRegistry } from '../support/schema-registry/test-schema-registry.js';

// The first whole loop in distributed mode: capture, signature-analyzer, synth-generator,
// bench-runner and rewrite-engine each run as their own OS process and talk only through
// Avro events on the project's Kafka-protocol test broker. A slow statement in a log file
// must come out as a validated index proposal with its evidence and rollback.

let broker: TestBroker;
let registry: TestSchemaRegistry;
let production: TestDatabase;
let shadow: TestDatabase;
let catalog: TestDatabase;
let workDir: string;
const processes: SpawnedShadowtune[] = [];
const prefix = `loop-${randomUUID().slice(0, 8)}.`;

before(async () => {
  broker = await startTestBroker({ defaultPartitions: 3 });
  registry = await startTestSchemaRegistry();
  production = await createTestDatabase('st_loop_prod');
  shadow = await createTestDatabase('st_loop_shadow');
  catalog = await createTestDatabase('st_loop_cat');
  const client = new pg.Client({ connectionString: production.url });
  await client.connect();
  await client.query(`CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO orders (customer_id, status, total) SELECT (g % 5000) + 1, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END, g % 1000 FROM generate_series(1, 80000) g;
    CREATE TABLE payments (id bigserial PRIMARY KEY, invoice_no bigint NOT NULL, amount numeric(12,2) NOT NULL);
    INSERT INTO payments (invoice_no, amount) SELECT (g % 20000) + 1, g % 700 FROM generate_series(1, 80000) g;
    ANALYZE orders, payments;`);
  await client.end();
  workDir = mkdtempSync(join(tmpdir(), 'shadowtune-loop-'));
});

after(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await registry?.stop();
  await broker?.stop();
  for (const db of [production, shadow, catalog]) await db?.drop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('distributed mode: the whole loop, one process per service', () => {
  // Two slow statements on two tables give two findings whose datasets are built one right
  // after the other: each lives in its own database, so neither is replaced under the bench.
  it('turns slow statements in a log into validated index proposals over the Kafka protocol', async () => {
    const logFile = join(workDir, 'postgresql.log');
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const second = String(10 + (i % 50)).padStart(2, '0');
      lines.push(`2026-11-21 10:00:${second}.123 UTC [4242] LOG:  duration: ${(40 + (i % 7)).toFixed(3)} ms  statement: SELECT id, status, total FROM orders WHERE customer_id = ${(i * 37) % 5000 + 1}`);
      lines.push(`2026-11-21 10:00:${second}.456 UTC [4243] LOG:  duration: ${(45 + (i % 5)).toFixed(3)} ms  statement: SELECT id, amount FROM payments WHERE invoice_no = ${(i * 53) % 20000 + 1}`);
    }
    writeFileSync(logFile, `${lines.join('\n')}\n`);
    const env: Record<string, string> = {
      SHADOWTUNE_BUS__KIND: 'kafka',
      SHADOWTUNE_BUS__TOPIC_PREFIX: prefix,
      SHADOWTUNE_CONNECTIONS__KAFKA_BROKERS: broker.brokers.join(','),
      SHADOWTUNE_CONNECTIONS__SCHEMA_REGISTRY_URL: registry.url,
      SHADOWTUNE_CONNECTIONS__PRODUCTION: production.url,
      SHADOWTUNE_CONNECTIONS__SHADOW: shadow.url,
      SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url,
      SHADOWTUNE_HEALTH__PORT: '0',
      SHADOWTUNE_PERFORMANCE_THRESHOLD__EXECUTION_TIME_MS: '10',
      SHADOWTUNE_PERFORMANCE_THRESHOLD__SCAN_COST: '500',
      SHADOWTUNE_PERFORMANCE_THRESHOLD__FILTER_COST: '300',
      SHADOWTUNE_PERFORMANCE_THRESHOLD__LARGE_TABLE_ROWS: '5000',
      SHADOWTUNE_SYNTHETIC_DATA_VOLUME__ROWS: '60000',
      SHADOWTUNE_SERVICES__SIGNATURE_ANALYZER__FLUSH_INTERVAL_MS: '500',
      SHADOWTUNE_SERVICES__REWRITE_ENGINE__BENCH_RUNS: '5',
      SHADOWTUNE_SERVICES__REWRITE_ENGINE__BENCH_WARMUP_RUNS: '1',
    };

    const observer = createKafkaBus({
      brokers: broker.brokers,
      clientId: 'loop-observer',
      schemaRegistryUrl: registry.url,
      logger: createLogger({ service: 'e2e', level: 'silent' }),
      topicPrefix: prefix,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 200,
      maxWaitTimeMs: 200,
    });
    const seen = { findings: 0, datasets: 0, requests: 0, results: 0 };
    const proposals: BusEvent<'rewrite.proposals'>[] = [];
    const subs = [
      await observer.subscribe({
        groupId: `obs-${randomUUID()}`,
        topics: ['query.findings', 'synth.datasets', 'bench.requests', 'bench.results', 'rewrite.proposals'],
        handler: async (e) => {
          if (e.topic === 'query.findings') seen.findings += 1;
          else if (e.topic === 'synth.datasets') seen.datasets += 1;
          else if (e.topic === 'bench.requests') seen.requests += 1;
          else if (e.topic === 'bench.results') seen.results += 1;
          else proposals.push(e);
        },
      }),
    ];
    try {
      for (const name of ['signature-analyzer', 'synth-generator', 'bench-runner', 'rewrite-engine']) {
        const service = spawnShadowtune(['service', name], env);
        processes.push(service);
        await service.waitForLine(/"service started"/, 120_000);
      }
      const capture = spawnShadowtune(['service', 'capture'], { ...env, SHADOWTUNE_SERVICES__CAPTURE__LOG_FILES: JSON.stringify([{ path: logFile, format: 'stderr', prefix: '%m [%p] ', mode: 'once' }]) });
      processes.push(capture);
      await capture.waitForLine(/"service started"/, 120_000);

      const deadline = Date.now() + 240_000;
      const indexOn = (table: string) => proposals.find((p) => p.value.kind === 'INDEX' && p.value.sql.includes(`ON "public"."${table}"`))?.value;
      while (!(indexOn('orders') && indexOn('payments')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
      const tails = processes.map((p) => p.output().slice(-1500)).join('\n----\n');
      assert.ok(seen.findings >= 2, `two findings (seen ${JSON.stringify(seen)})\n${tails}`);
      assert.ok(seen.datasets >= 2, `two datasets (seen ${JSON.stringify(seen)})\n${tails}`);
      assert.ok(seen.results >= 2, `bench results (seen ${JSON.stringify(seen)})\n${tails}`);
      const catalogClient = new pg.Client({ connectionString: catalog.url });
      await catalogClient.connect();
      const skips = await catalogClient.query(`SELECT reason_code, reason_detail FROM shadowtune.rewrite_skips WHERE reason_code = 'BASELINE_NOT_MEASURED'`).finally(() => catalogClient.end());
      assert.deepEqual(skips.rows, [], 'no dataset was replaced before it was measured');
      assert.ok(indexOn('payments'), `an index proposal on payments (seen ${JSON.stringify(seen)})\n${tails}`);
      assert.match(indexOn('payments')!.sql, /"invoice_no"/);
      const proposal = indexOn('orders');
      assert.ok(proposal, `an index proposal on orders (seen ${JSON.stringify(seen)})\n${tails}`);
      assert.match(proposal.sql, /^CREATE INDEX CONCURRENTLY .* ON "public"\."orders" .*"customer_id"/);
      assert.match(proposal.rollbackSql, /^DROP INDEX CONCURRENTLY/);
      assert.ok(proposal.evidence.length >= 1 && proposal.evidence.every((e) => e.baselineMs > 0 && e.candidateMs > 0));
      assert.ok(proposal.evidence.some((e) => e.speedup >= 1.5), 'measured speed-up');
      assert.equal(proposal.status, 'PENDING', 'manual policy: waits for approval');

      for (const p of processes) p.child.kill('SIGTERM');
      for (const p of processes) assert.equal(await p.exited, 0, 'every service stopped cleanly');
    } finally {
      for (const sub of subs) await sub.stop();
      await observer.close();
    }
  });
});
