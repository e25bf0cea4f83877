import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let production: TestDatabase;
let catalog: TestDatabase;
let dir: string;

before(async () => {
  [production, catalog] = await Promise.all([createTestDatabase('st_run_prod'), createTestDatabase('st_run_catalog')]);
  const client = new pg.Client({ connectionString: production.url });
  await client.connect();
  await client.query(`CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL);
    INSERT INTO orders SELECT g, 1 + (g * 7919) % 3000, 'done', timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 30000) g;
    ANALYZE orders;`);
  await client.end();
  dir = await mkdtemp(join(tmpdir(), 'shadowtune-run-'));
  const lines = Array.from({ length: 40 }, (_, i) => `2025-03-03 09:00:${String(i).padStart(2, '0')}.000 UTC [77] LOG:  duration: 150.000 ms  statement: SELECT id, status FROM orders WHERE customer_id = ${100 + i} ORDER BY created_at DESC LIMIT 20`);
  await writeFile(join(dir, 'postgresql.log'), `${lines.join('\n')}\n`);
});

after(async () => {
  await Promise.all([production?.drop(), catalog?.drop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ENV = () => ({
  SHADOWTUNE_CONNECTIONS__SHADOW: TEST_SERVER_URL,
  SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url,
  SHADOWTUNE_LOG_LEVEL: 'warn',
  SHADOWTUNE_PERFORMANCE_THRESHOLD__SCAN_COST: '100',
  SHADOWTUNE_PERFORMANCE_THRESHOLD__FILTER_COST: '100',
  SHADOWTUNE_PERFORMANCE_THRESHOLD__LARGE_TABLE_ROWS: '5000',
  SHADOWTUNE_SYNTHETIC_DATA_VOLUME__ROWS: '30000',
  SHADOWTUNE_SERVICES__REWRITE_ENGINE__BENCH_RUNS: '3',
  SHADOWTUNE_SERVICES__BENCH_RUNNER__WRITE_COST_REPEATS: '1',
});

describe('shadowtune run --log', () => {
  it('exits 2 without exactly one of --schema and --production, or with --schema but no --log', async () => {
    for (const args of [
      ['run', '--log', join(dir, 'postgresql.log')],
      ['run', '--log', join(dir, 'postgresql.log'), '--production', 'mysql://x'],
      ['run', '--schema', 'schema.sql'],
    ]) {
      const run = spawnShadowtune(args, { SHADOWTUNE_LOG_LEVEL: 'warn' });
      assert.equal(await run.exited, 2, run.output());
      assert.match(run.output(), /USAGE_INVALID/);
    }
  });

  it('reads production through the read-only role and, under the automatic policy only, applies the validated index there', async () => {
    const out = join(dir, 'report');
    const run = spawnShadowtune(['run', '--production', production.url, '--log', join(dir, 'postgresql.log'), '--out', out], {
      ...ENV(),
      SHADOWTUNE_REWRITE_RULE_DEPLOYMENT_POLICY__MODE: 'automatic',
    });
    assert.equal(await run.exited, 0, run.output().slice(-3000));
    assert.match(run.output(), /1 findings, 1 proposals \(1 applied, policy automatic\)/);
    const proposals = JSON.parse(await readFile(join(out, 'proposals.json'), 'utf8')) as { kind: string; status: string; ddl: string }[];
    assert.equal(proposals.length, 1);
    assert.equal(proposals[0]!.status, 'APPLIED');
    assert.match(proposals[0]!.ddl, /^CREATE INDEX CONCURRENTLY "orders_customer_id[a-z_]*_idx" ON "public"."orders" USING btree \("customer_id"/);
    const name = /"(orders_customer_id[a-z_]*_idx)"/.exec(proposals[0]!.ddl)![1];
    const client = new pg.Client({ connectionString: production.url });
    await client.connect();
    try {
      const index = await client.query(`SELECT i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`, [name]);
      assert.deepEqual(index.rows, [{ indisvalid: true }]);
      const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
      assert.equal(tables.rows[0].n, 1, 'nothing else was written to production');
    } finally {
      await client.end();
    }
  });
});

describe('shadowtune run with the productionValues.mostCommonValues opt-in', () => {
  let skewed: TestDatabase;
  before(async () => {
    skewed = await createTestDatabase('st_run_skewed');
    const client = new pg.Client({ connectionString: skewed.url });
    await client.connect();
    await client.query(`CREATE TABLE tickets (id bigint PRIMARY KEY, state text NOT NULL, opened_at timestamptz NOT NULL);
      INSERT INTO tickets SELECT g, CASE WHEN g % 20 = 0 THEN 'open' WHEN g % 20 = 1 THEN 'pending' ELSE 'closed' END, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 60000) g;
      ANALYZE tickets;`);
    await client.end();
    const lines = Array.from({ length: 40 }, (_, i) => `2025-03-03 09:00:${String(i).padStart(2, '0')}.000 UTC [78] LOG:  duration: 90.000 ms  statement: SELECT id FROM tickets WHERE state = '${i % 2 === 0 ? 'open' : 'pending'}' ORDER BY opened_at LIMIT 20`);
    await writeFile(join(dir, 'tickets.log'), `${lines.join('\n')}\n`);
  });
  after(async () => {
    await skewed?.drop();
  });

  it('proposes a partial index leaving out the dominant value, which it read only because the operator opted in', async () => {
    const out = join(dir, 'skewed-report');
    const run = spawnShadowtune(['run', '--production', skewed.url, '--log', join(dir, 'tickets.log'), '--out', out], {
      ...ENV(),
      SHADOWTUNE_SYNTHETIC_DATA_VOLUME__ROWS: '60000',
      SHADOWTUNE_PRODUCTION_VALUES__MOST_COMMON_VALUES: 'true',
      // The partial and the full index measure alike for the values queried; more runs keep
      // sub-millisecond noise on a busy machine from deciding between them.
      SHADOWTUNE_SERVICES__REWRITE_ENGINE__BENCH_RUNS: '9',
      SHADOWTUNE_SERVICES__BENCH_RUNNER__WRITE_COST_REPEATS: '3',
      SHADOWTUNE_LOG_LEVEL: 'debug',
    });
    assert.equal(await run.exited, 0, run.output().slice(-3000));
    const proposals = JSON.parse(await readFile(join(out, 'proposals.json'), 'utf8')) as { kind: string; status: string; ddl: string }[];
    const partial = proposals.find((p) => p.kind === 'INDEX' && / WHERE /.test(p.ddl));
    assert.ok(partial, JSON.stringify(proposals, null, 1));
    assert.match(partial.ddl, /^CREATE INDEX CONCURRENTLY "[a-z0-9_]+" ON "public"\."tickets" USING btree \("state", "opened_at"\) WHERE "state" <> 'closed'$/);
    assert.equal(partial.status, 'PENDING');
    const logLines = run.output().split('\n').filter((line) => line.startsWith('{'));
    assert.ok(logLines.length > 0, 'logs were written');
    assert.deepEqual(logLines.filter((line) => line.includes('closed')), [], 'the value is in the proposal, never in a log line');
  });
});
