import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import type { BenchRequest, BenchResult, SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { benchResultStore } from '@shadowtune/shared/catalog/bench-result-store';
import { findFindingQuery } from '../src/catalog/find-finding-query.js';
import { handleBenchRequest } from '../src/handle-bench-request.js';
import { handleSyntheticDataset } from '../src/handle-synthetic-dataset.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let shadowDb: TestDatabase;
let catalogDb: TestDatabase;
let shadow: pg.Pool;
let catalog: pg.Pool;
const published: BenchResult[] = [];
let clock = 1_000;

before(async () => {
  shadowDb = await createTestDatabase('st_bench_shadow');
  catalogDb = await createTestDatabase('st_bench_catalog');
  shadow = new pg.Pool({ connectionString: shadowDb.url, max: 2 });
  catalog = new pg.Pool({ connectionString: catalogDb.url, max: 2 });
  const client = await catalog.connect();
  try {
    await runMigrations(client);
  } finally {
    client.release();
  }
  await shadow.query(`CREATE TABLE items (id int PRIMARY KEY, kind int NOT NULL);
    INSERT INTO items SELECT g, g % 7 FROM generate_series(1, 2000) g;`);
});

after(async () => {
  await shadow?.end();
  await catalog?.end();
  await shadowDb?.drop();
  await catalogDb?.drop();
});

function deps() {
  return {
    store: benchResultStore(catalog),
    shadowFor: async () => shadow,
    publish: async (result: BenchResult) => {
      published.push(result);
    },
    options: {
      parameterSetsPerClass: 1,
      heavyHitterValues: 1,
      limitValue: 10,
      offsetValue: 10,
      adversarialRows: 2,
      writeCostRows: 100,
      writeCostRepeats: 1,
      lockTimeoutMs: 1_000,
      setupTimeoutMs: 10_000,
      largeTableRows: 1_000,
      guardRuns: 1,
    },
    now: () => (clock += 1),
    logger: createLogger({ service: 'bench-runner-test', level: 'silent' }),
    findQuery: (findingId: string) => findFindingQuery(catalog, findingId),
    defaults: { runs: 1, warmupRuns: 0, statementTimeoutMs: 5_000 },
  };
}

/** A request measuring one statement as its baseline, on `datasetId`. */
function baselineRequest(requestId: string, fingerprint: string, datasetId: string | null, querySql: string): BenchRequest {
  return {
    requestId,
    fingerprint,
    datasetId,
    variants: [{ variantId: 'baseline', kind: 'BASELINE', setupSql: [], teardownSql: [], querySql }],
    guards: [],
    runs: 1,
    warmupRuns: 0,
    statementTimeoutMs: 5_000,
    requestedAt: 0,
    checkEquivalence: false,
    measureWriteCost: false,
    findingIds: [],
    parameterHints: {},
  };
}

describe('bench-runner handlers', () => {
  it('measures a redelivered request once and answers it again with the stored result', async () => {
    const request = baselineRequest('req-redelivered', 'fp1', null, 'SELECT id FROM items WHERE kind = $1');
    published.length = 0;
    const first = await handleBenchRequest(request, deps());
    const second = await handleBenchRequest(request, deps());
    assert.deepEqual(second, first, 'the stored result, not a new measurement (completedAt would differ)');
    assert.equal(published.length, 2, 'published again: the first publish may have been lost');
    const rows = await catalog.query(`SELECT count(*)::int AS n FROM shadowtune.bench_results WHERE result_id = 'req-redelivered'`);
    assert.equal(rows.rows[0].n, 1);
  });

  it('measures the baseline of an announced dataset once its finding is known, retrying until then', async () => {
    const dataset: SyntheticDataset = {
      datasetId: 'ds-1',
      findingId: 'finding-1',
      fingerprint: 'fp2',
      shadowDatabase: shadowDb.name,
      seed: 1,
      skewFactor: 1.1,
      tables: [{ schema: 'public', table: 'items', rows: 2000, deep: true, loadMs: 1 }],
      fidelity: { reproducesPlan: true, comparedWithProduction: false, rowEstimateRatio: null, notes: [] },
      schemaVersion: null,
      productionValueColumns: [],
      notes: [],
      createdAt: 0,
    };
    await assert.rejects(handleSyntheticDataset(dataset, deps()), (error: unknown) => {
      assert.ok(error instanceof ShadowtuneError);
      assert.equal(error.code, 'BENCH_FAILED');
      assert.equal(error.retriable, true);
      return true;
    });
    await catalog.query(
      `INSERT INTO shadowtune.rewrite_findings (finding_id, fingerprint, revision, normalized_sql, statement_kind, tables, patterns, finding)
       VALUES ('finding-1', 'fp2', 1, 'SELECT count(*) FROM items WHERE kind = $1', 'SELECT', '{public.items}', '{FULL_TABLE_SCAN}', '{}')`,
    );
    const result = await handleSyntheticDataset(dataset, deps());
    assert.equal(result.requestId, null);
    assert.equal(result.resultId, 'baseline:ds-1');
    assert.equal(result.datasetId, 'ds-1');
    assert.deepEqual([...new Set(result.measurements.map((m) => m.variantId))], ['baseline']);
    assert.equal(await benchResultStore(catalog).shadowDatabaseOf('ds-1'), shadowDb.name);
  });

  it('reports DATASET_REPLACED for every variant when the synth-generator has loaded another dataset since', async () => {
    await shadow.query(`CREATE SCHEMA shadowtune_shadow; CREATE TABLE shadowtune_shadow.loaded_dataset (record jsonb NOT NULL);
      INSERT INTO shadowtune_shadow.loaded_dataset VALUES ('{"datasetId": "ds-newer"}')`);
    const result = await handleBenchRequest(baselineRequest('req-on-ds-1', 'fp2', 'ds-1', 'SELECT id FROM items WHERE kind = $1'), deps());
    assert.deepEqual(result.measurements, []);
    assert.deepEqual(result.failures.map((f) => f.code), ['DATASET_REPLACED']);
    assert.match(result.failures[0]!.message, /holds dataset ds-newer, not ds-1/);
  });

  it('reports DATASET_REPLACED when the dataset\'s own database was dropped before the request came', async () => {
    const gone = await createTestDatabase('st_bench_gone');
    await gone.drop();
    await catalog.query(`INSERT INTO shadowtune.bench_results (result_id, request_id, dataset_id, shadow_database, fingerprint, result, completed_at) VALUES ('baseline:ds-gone', NULL, 'ds-gone', $1, 'fp3', '{}', to_timestamp(0))`, [gone.name]);
    const pool = new pg.Pool({ connectionString: gone.url, max: 1 });
    try {
      const result = await handleBenchRequest(baselineRequest('req-on-ds-gone', 'fp3', 'ds-gone', 'SELECT 1'), {
        ...deps(),
        shadowFor: async (database) => (assert.equal(database, gone.name), pool),
      });
      assert.deepEqual(result.failures.map((f) => f.code), ['DATASET_REPLACED']);
      assert.match(result.failures[0]!.message, /database of dataset ds-gone no longer exists/);
    } finally {
      await pool.end();
    }
  });
});
