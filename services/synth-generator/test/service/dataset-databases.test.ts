import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { buildDatasetForFinding, type FindingDependencies } from '../../src/service/build-dataset-for-finding.js';
import { datasetDatabaseName } from '../../src/service/dataset-database-name.js';
import { datasetDatabases } from '../../src/service/dataset-databases.js';
import { datasetIdOf } from '../../src/service/dataset-id-of.js';
import { findPendingDatasets } from '../../src/service/find-pending-datasets.js';
import { readLoadedDataset } from '../../src/service/read-loaded-dataset.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

const logger = createLogger({ service: 'synth-generator-test', level: 'silent' });

const SCHEMA = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status text NOT NULL, placed_at timestamptz NOT NULL);`;

function finding(findingId: string, column: string): QueryFinding {
  return {
    findingId,
    revision: 1,
    fingerprint: `fp-${findingId}`,
    normalizedSql: `SELECT * FROM orders WHERE ${column} = $1`,
    severity: 'HIGH',
    patterns: [{ pattern: 'MISSING_FILTER_INDEX', severity: 'HIGH', detail: `orders.${column} has no index`, figures: {} }],
    columns: [{ schema: 'public', table: 'orders', column, role: 'FILTER', operator: '=' }],
    thresholds: [],
    stats: { calls: 100, meanMs: 120, p95Ms: 300, totalMs: 12_000 },
    planExcerpt: null,
    experiment: { tables: [{ schema: 'public', table: 'orders', rows: 4_000 }], skew: [] },
    schemaVersion: 'unknown',
    detectedAt: Date.UTC(2024, 5, 1),
  };
}

async function databaseNames(pool: pg.Pool, prefix: string): Promise<string[]> {
  const result = await pool.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname`, [`${prefix.replace(/_/g, '\\_')}%`]);
  return result.rows.map((r) => r.datname);
}

describe('datasetDatabaseName', () => {
  it('names a dataset database after the shadow and the dataset id, within 63 bytes', () => {
    const id = datasetIdOf('f-1', 1, 1);
    assert.equal(datasetDatabaseName('shadow', id), `shadow_ds_${id.slice(3, 19)}`);
    const long = datasetDatabaseName('ш'.repeat(40), id);
    assert.ok(Buffer.byteLength(long) <= 63, long);
    assert.ok(long.endsWith(`_ds_${id.slice(3, 19)}`));
    assert.notEqual(datasetDatabaseName('shadow', datasetIdOf('f-2', 1, 1)), datasetDatabaseName('shadow', id));
  });
});

describe('one database per dataset', { timeout: 240_000 }, () => {
  let shadowDb: TestDatabase;
  let shadow: pg.Pool;

  before(async () => {
    shadowDb = await createTestDatabase('st_dsdb');
    shadow = new pg.Pool({ connectionString: shadowDb.url, max: 4 });
    shadow.on('error', () => {
      // An idle client whose session ended (a database dropped WITH (FORCE) at clean-up).
    });
  });
  after(async () => {
    await shadow?.end();
    await shadowDb?.drop();
  });

  /** Without production or catalog: the shadow's schema is the reference, datasets in their own databases. */
  const findingDeps = (): FindingDependencies => ({
    settings: { seed: 3, skewFactor: 1.1, volume: { rows: null, productionMultiple: null, thinRows: 200 }, correlation: 0.9, timeSpan: TEST_TIME_SPAN, connections: 2, splitThresholdRows: 200_000, redrawRounds: 4 },
    shadow,
    catalog: null,
    production: null,
    profilesFor: () => [],
    rowRatioLimit: 10,
    logger,
    datasetDatabases: datasetDatabases({ shadow, shadowUrl: shadowDb.url, retain: 10, pendingTimeoutMs: 60_000, isPending: async () => new Set(), logger }),
  });

  it('keeps the newest `retain` databases, and older ones while the engine is not done with them or a session uses them', async () => {
    const catalogDb = await createTestDatabase('st_dsdb_cat');
    const catalog = new pg.Pool({ connectionString: catalogDb.url, max: 2 });
    try {
      const migrator = await catalog.connect();
      await runMigrations(migrator).finally(() => migrator.release());
      let clock = 1_000;
      const databases = datasetDatabases({
        shadow,
        shadowUrl: shadowDb.url,
        retain: 1,
        pendingTimeoutMs: 60_000,
        isPending: (datasets) => findPendingDatasets(catalog, datasets),
        logger,
        now: () => (clock += 1_000),
      });
      const [a, b] = [await databases.prepare({ datasetId: 'ds_aaaa', findingId: 'f-a' }), await databases.prepare({ datasetId: 'ds_bbbb', findingId: 'f-b' })];
      assert.deepEqual([a.existed, b.existed], [false, false]);
      assert.equal((await databases.prepare({ datasetId: 'ds_aaaa', findingId: 'f-a' })).existed, true);
      const c = await databases.prepare({ datasetId: 'ds_cccc', findingId: 'f-c' });
      const all = [a.name, b.name, c.name];
      // a: an evaluation still waits for its measurements; b: the engine has not looked at it yet.
      await catalog.query(`INSERT INTO shadowtune.rewrite_evaluations (request_id, fingerprint, dataset_id, finding_ids, candidates) VALUES ('r-a', 'fp-a', 'ds_aaaa', '{f-a}', '[]')`);
      assert.deepEqual(await databases.prune(), [], 'both older datasets are still pending');
      assert.deepEqual(await databaseNames(shadow, `${shadowDb.name}_ds_`), all);

      await catalog.query(`UPDATE shadowtune.rewrite_evaluations SET status = 'judged' WHERE request_id = 'r-a'`);
      await catalog.query(`INSERT INTO shadowtune.rewrite_skips (finding_id, reason_code, reason_detail) VALUES ('f-b', 'NO_CANDIDATE', 'nothing')`);
      const user = new pg.Client({ connectionString: a.url });
      await user.connect();
      try {
        assert.deepEqual(await databases.prune(), [b.name], 'a is done but in use: kept for now');
      } finally {
        await user.end();
      }
      assert.deepEqual(await databases.prune(), [a.name]);
      assert.deepEqual(await databaseNames(shadow, `${shadowDb.name}_ds_`), [c.name]);

      // A dataset pending for longer than pendingTimeoutMs is given up.
      const d = await databases.prepare({ datasetId: 'ds_dddd', findingId: 'f-d' });
      assert.deepEqual(await databases.prune(), [], 'c is pending (no evaluation, no skip), d is the newest');
      clock += 60_000;
      assert.deepEqual(await databases.prune(), [c.name]);
      assert.deepEqual(await databaseNames(shadow, `${shadowDb.name}_ds_`), [d.name]);
    } finally {
      await catalog.end();
      await catalogDb.drop();
    }
  });

  it('loads each finding into its own database, so a second load leaves the first dataset intact', async () => {
    await loadSchemaFile(shadow, SCHEMA);
    const deps = findingDeps();
    const first = await buildDatasetForFinding(finding('f-status', 'status'), deps);
    const second = await buildDatasetForFinding(finding('f-customer', 'customer_id'), deps);
    assert.equal(first.shadowDatabase, datasetDatabaseName(shadowDb.name, first.datasetId));
    assert.equal(second.shadowDatabase, datasetDatabaseName(shadowDb.name, second.datasetId));
    for (const record of [first, second]) {
      const pool = new pg.Pool({ connectionString: shadowDb.url.replace(shadowDb.name, record.shadowDatabase), max: 1 });
      try {
        const client = await pool.connect();
        try {
          assert.equal((await readLoadedDataset(client))?.datasetId, record.datasetId, 'the dataset is still the one loaded there');
        } finally {
          client.release();
        }
        const orders = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
        assert.equal(orders.rows[0]?.n, 4_000);
      } finally {
        await pool.end();
      }
    }
    const base = await shadow.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    assert.equal(base.rows[0]?.n, 0, 'the shadow database itself only holds the schema');
    assert.deepEqual(await buildDatasetForFinding(finding('f-status', 'status'), deps), first, 'a redelivered finding finds its dataset loaded');
  });

  it('reloads a dataset whose load was cut off half-way', async () => {
    const deps = findingDeps();
    const id = datasetIdOf('f-cut', 1, 3);
    const prepared = await deps.datasetDatabases!.prepare({ datasetId: id, findingId: 'f-cut' });
    const cut = new pg.Client({ connectionString: prepared.url });
    await cut.connect();
    await cut.query('CREATE TABLE leftover (id int)');
    await cut.end();
    const record = await buildDatasetForFinding(finding('f-cut', 'status'), deps);
    assert.equal(record.shadowDatabase, prepared.name);
    const check = new pg.Client({ connectionString: prepared.url });
    await check.connect();
    try {
      const leftover = await check.query(`SELECT to_regclass('public.leftover') IS NULL AS gone`);
      assert.equal(leftover.rows[0].gone, true, 'the half-loaded database was recreated');
    } finally {
      await check.end();
    }
  });
});
