import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { BenchRequest, BenchVariant } from '@shadowtune/shared/contracts/generated-types';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { measureRequest, type MeasureRequestOptions } from '../../src/measure/measure-request.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;

const OPTIONS: MeasureRequestOptions = {
  parameterSetsPerClass: 2,
  heavyHitterValues: 3,
  limitValue: 20,
  offsetValue: 100,
  adversarialRows: 5,
  writeCostRows: 500,
  writeCostRepeats: 1,
  lockTimeoutMs: 2_000,
  setupTimeoutMs: 60_000,
  largeTableRows: 10_000,
  guardRuns: 2,
};

function request(querySql: string, variants: Omit<BenchVariant, 'querySql'>[] | BenchVariant[], extra: Partial<BenchRequest> = {}): BenchRequest {
  return {
    requestId: 'r1',
    fingerprint: 'fp',
    datasetId: null,
    variants: variants.map((v) => ({ querySql, ...v })),
    guards: [],
    runs: 2,
    warmupRuns: 1,
    statementTimeoutMs: 10_000,
    requestedAt: 0,
    checkEquivalence: false,
    measureWriteCost: false,
    findingIds: [],
    parameterHints: {},
    ...extra,
  };
}

const BASELINE = { variantId: 'baseline', kind: 'BASELINE' as const, setupSql: [], teardownSql: [] };

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_bench');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, note text, created_at timestamptz NOT NULL);
    INSERT INTO orders
      SELECT g, g % 2000, CASE WHEN g % 10 < 8 THEN 'delivered' WHEN g % 10 = 8 THEN 'shipped' ELSE 'status_' || (g % 997) END,
             CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || md5(g::text) END, timestamptz '2024-01-01' + g * interval '1 minute'
      FROM generate_series(1, 30000) g;
    CREATE TABLE a (id int PRIMARY KEY, x int);
    CREATE TABLE b (id int PRIMARY KEY, y int);
    INSERT INTO a SELECT g, g FROM generate_series(1, 300) g;
    INSERT INTO b SELECT g, g * 2 FROM generate_series(1, 100) g;
    CREATE TABLE t (id int PRIMARY KEY, p int NOT NULL, q int NOT NULL);
    INSERT INTO t SELECT g, g % 50, g % 50 FROM generate_series(1, 2000) g;
    ANALYZE;`);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

async function indexNames(): Promise<string[]> {
  const result = await client.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
  return result.rows.map((r) => r.name);
}

describe('measureRequest', () => {
  it('measures baseline and an index interleaved, per parameter class, and leaves the shadow as it was', async () => {
    const before = await indexNames();
    const result = await measureRequest(
      client,
      request('SELECT id, created_at FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT $2', [
        BASELINE,
        { variantId: 'ix', kind: 'INDEX', setupSql: ['CREATE INDEX "orders_status_created_at_idx" ON "public"."orders" ("status", "created_at")'], teardownSql: ['DROP INDEX IF EXISTS "public"."orders_status_created_at_idx"'] },
      ], { measureWriteCost: true, guards: [{ fingerprint: 'fp-guard', querySql: 'SELECT count(*) FROM orders WHERE customer_id = $1' }] }),
      OPTIONS,
    );
    assert.deepEqual(result.failures, []);
    const main = result.measurements.filter((m) => m.fingerprint === null);
    assert.deepEqual(main.map((m) => `${m.variantId}/${m.parameterClass}`).sort(), ['baseline/HEAVY_HITTER', 'baseline/TAIL', 'ix/HEAVY_HITTER', 'ix/TAIL']);
    for (const m of main) {
      assert.equal(m.runs, 2);
      assert.equal(m.parameterSets, 2);
      assert.ok(m.wallMs !== null, 'plain runs timed');
      assert.ok(m.planJson !== null);
    }
    const baselineTail = main.find((m) => m.variantId === 'baseline' && m.parameterClass === 'TAIL')!;
    const indexTail = main.find((m) => m.variantId === 'ix' && m.parameterClass === 'TAIL')!;
    assert.ok(baselineTail.planShape.some((s) => s.startsWith('Seq Scan on public.orders')), baselineTail.planShape.join(' / '));
    assert.equal(baselineTail.fullTableScan, true);
    assert.deepEqual(baselineTail.indexesUsed, []);
    assert.deepEqual(indexTail.indexesUsed, ['orders_status_created_at_idx']);
    assert.ok(indexTail.sharedHitBlocks + indexTail.sharedReadBlocks < baselineTail.sharedHitBlocks + baselineTail.sharedReadBlocks);
    // The guard ran under both variants.
    assert.deepEqual(
      result.measurements.filter((m) => m.fingerprint === 'fp-guard').map((m) => `${m.variantId}/${m.parameterClass}`).sort(),
      ['baseline/HEAVY_HITTER', 'baseline/TAIL', 'ix/HEAVY_HITTER', 'ix/TAIL'],
    );
    // Write cost measured on the real table, with and without the index.
    assert.equal(result.writeCosts.length, 1);
    const cost = result.writeCosts[0]!;
    assert.equal(cost.table, 'public.orders');
    assert.ok(cost.walBytesWith > cost.walBytesWithout, `WAL with the index (${cost.walBytesWith}) exceeds WAL without (${cost.walBytesWithout})`);
    assert.deepEqual(await indexNames(), before, 'indexes built for measuring are gone');
    const count = await client.query('SELECT count(*)::int AS n FROM orders');
    assert.equal(count.rows[0].n, 30000, 'rolled-back writes left no rows');
  });

  it('reports a timed-out baseline as a result, not an error', async () => {
    const result = await measureRequest(client, request('SELECT pg_sleep(0.3), id FROM orders WHERE id = $1', [BASELINE], { statementTimeoutMs: 100 }), OPTIONS);
    assert.deepEqual(result.failures, []);
    assert.ok(result.measurements.length > 0);
    for (const m of result.measurements) {
      assert.equal(m.timedOut, true);
      assert.equal(m.executionMs.median, 100);
      assert.equal(m.runs, 1, 'not run again once it timed out');
    }
  });

  it('reports a variant whose setup fails and still measures the others', async () => {
    const result = await measureRequest(
      client,
      request('SELECT id FROM orders WHERE customer_id = $1', [BASELINE, { variantId: 'bad', kind: 'INDEX', setupSql: ['CREATE INDEX "bad_idx" ON "public"."orders" ("no_such_column")'], teardownSql: [] }]),
      OPTIONS,
    );
    assert.deepEqual(result.failures.map((f) => `${f.variantId}:${f.code}`), ['bad:DB_QUERY_FAILED']);
    assert.ok(result.measurements.every((m) => m.variantId === 'baseline'));
  });

  it('rejects NOT IN turned into NOT EXISTS when the subquery column can be NULL, and accepts the NULL-aware form', async () => {
    const original = 'SELECT a.id FROM a WHERE a.x NOT IN (SELECT b.y FROM b) AND a.id > $1';
    const result = await measureRequest(
      client,
      request(
        original,
        [
          { ...BASELINE, querySql: original },
          { variantId: 'wrong', kind: 'REWRITE', setupSql: [], teardownSql: [], querySql: 'SELECT a.id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.y = a.x) AND a.id > $1' },
          {
            variantId: 'right',
            kind: 'REWRITE',
            setupSql: [],
            teardownSql: [],
            querySql:
              'SELECT a.id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.y = a.x) AND (a.x IS NOT NULL OR NOT EXISTS (SELECT 1 FROM b)) AND NOT EXISTS (SELECT 1 FROM b WHERE b.y IS NULL) AND a.id > $1',
          },
        ],
        { checkEquivalence: true },
      ),
      OPTIONS,
    );
    const wrong = result.equivalence.find((e) => e.variantId === 'wrong')!;
    const right = result.equivalence.find((e) => e.variantId === 'right')!;
    assert.ok(wrong.mismatches > 0);
    assert.match(wrong.detail ?? '', /adversarial data/, 'equal on the data as loaded: only the injected NULLs show it');
    assert.equal(right.mismatches, 0, right.detail ?? '');
    assert.equal(right.comparisons, wrong.comparisons);
  });

  it('rejects an OR made UNION ALL when rows match both arms, and accepts the disjoint form', async () => {
    const original = 'SELECT id FROM t WHERE p = $1 OR q = $2';
    const result = await measureRequest(
      client,
      request(
        original,
        [
          { ...BASELINE, querySql: original },
          { variantId: 'overlapping', kind: 'REWRITE', setupSql: [], teardownSql: [], querySql: 'SELECT id FROM t WHERE p = $1 UNION ALL SELECT id FROM t WHERE q = $2' },
          { variantId: 'disjoint', kind: 'REWRITE', setupSql: [], teardownSql: [], querySql: 'SELECT id FROM t WHERE p = $1 UNION ALL SELECT id FROM t WHERE q = $2 AND (p = $1) IS NOT TRUE' },
        ],
        { checkEquivalence: true },
      ),
      OPTIONS,
    );
    const overlapping = result.equivalence.find((e) => e.variantId === 'overlapping')!;
    assert.ok(overlapping.mismatches > 0);
    assert.match(overlapping.detail ?? '', /data as loaded: \d+ rows vs \d+/);
    assert.equal(result.equivalence.find((e) => e.variantId === 'disjoint')!.mismatches, 0);
  });
});
