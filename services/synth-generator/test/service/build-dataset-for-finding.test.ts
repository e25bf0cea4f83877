import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { readMigrations, runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import type { QueryFinding, SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { syncShadowSchema } from '../../src/schema/sync-shadow-schema.js';
import { buildDatasetForFinding, type FindingDependencies } from '../../src/service/build-dataset-for-finding.js';
import { datasetIdOf } from '../../src/service/dataset-id-of.js';
import { handleQueryFinding } from '../../src/service/handle-query-finding.js';
import { openProductionSources, type ProductionSources } from '../../src/service/open-production-sources.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

const SCHEMA = `
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, country char(2) NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status order_status NOT NULL, total numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL);
CREATE TABLE audit (id bigint PRIMARY KEY, note text);
INSERT INTO customers SELECT g, 'c' || g || '@example.org', CASE WHEN g % 3 = 0 THEN 'FR' ELSE 'US' END FROM generate_series(1, 2000) g;
INSERT INTO orders SELECT g, 1 + (g * 7) % 2000, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3]::order_status, g % 500, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 20000) g;
ANALYZE;`;

function finding(overrides: Partial<QueryFinding> = {}): QueryFinding {
  return {
    findingId: 'f-orders-status',
    revision: 1,
    fingerprint: 'fp-1',
    normalizedSql: 'SELECT * FROM orders o WHERE o.status = $1 AND o.customer_id = $2',
    severity: 'HIGH',
    patterns: [{ pattern: 'MISSING_FILTER_INDEX', severity: 'HIGH', detail: 'orders.customer_id has no index', figures: {} }],
    columns: [
      { schema: 'public', table: 'orders', column: 'status', role: 'FILTER', operator: '=' },
      { schema: 'public', table: 'orders', column: 'customer_id', role: 'FILTER', operator: '=' },
    ],
    thresholds: [],
    stats: { calls: 100, meanMs: 120, p95Ms: 300, totalMs: 12_000 },
    planExcerpt: null,
    experiment: { tables: [{ schema: 'public', table: 'orders', rows: 30_000 }], skew: [{ schema: 'public', table: 'orders', column: 'customer_id', factor: 1.3 }] },
    schemaVersion: 'unknown',
    detectedAt: Date.UTC(2024, 5, 1),
    ...overrides,
  };
}

describe('buildDatasetForFinding', { timeout: 180_000 }, () => {
  const databases: TestDatabase[] = [];
  let productionUrl: string;
  let shadow: pg.Pool;
  let catalog: pg.Pool;
  let production: ProductionSources;
  let deps: FindingDependencies;

  before(async () => {
    const [prodDb, shadowDb, catalogDb] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];
    databases.push(prodDb, shadowDb, catalogDb);
    productionUrl = prodDb.url;
    const setup = new pg.Client({ connectionString: prodDb.url });
    await setup.connect();
    await setup.query(SCHEMA);
    await setup.end();
    shadow = new pg.Pool({ connectionString: shadowDb.url, max: 6 });
    catalog = new pg.Pool({ connectionString: catalogDb.url, max: 2 });
    const client = await catalog.connect();
    await runMigrations(client, readMigrations().filter((m) => m.version === '0001' || m.version === '0300'));
    client.release();
    production = await openProductionSources(productionUrl, 60_000);
    deps = {
      settings: { seed: 9, skewFactor: 1.1, volume: { rows: null, productionMultiple: null, thinRows: 500 }, correlation: 0.9, timeSpan: TEST_TIME_SPAN, connections: 2, splitThresholdRows: 200_000, redrawRounds: 4 },
      shadow,
      catalog,
      production,
      profilesFor: (fingerprint) => (fingerprint === 'fp-1' ? [{ position: 1, typeClass: 'TEXT', sampleCount: 1000, topShare: 0.7, distinctEstimate: 3 }] : []),
      rowRatioLimit: 10,
      logger: createLogger({ service: 'synth-generator-test', level: 'silent' }),
      now: () => Date.UTC(2024, 6, 1),
    };
  });
  after(async () => {
    await production?.close();
    await shadow?.end();
    await catalog?.end();
    for (const db of databases) await db.drop();
  });

  let first: SyntheticDataset;

  it('syncs the shadow to production, loads the finding\'s tables deep and the others thin, and compares plans with production', async () => {
    first = await buildDatasetForFinding(finding(), deps);
    assert.equal(first.datasetId, datasetIdOf('f-orders-status', 1, 9));
    assert.equal(first.fingerprint, 'fp-1');
    assert.equal(first.seed, 9);
    const byName = new Map(first.tables.map((t) => [t.table, t]));
    assert.deepEqual([byName.get('orders')?.rows, byName.get('orders')?.deep], [30_000, true]);
    assert.deepEqual([byName.get('customers')?.rows, byName.get('customers')?.deep], [500, false]);
    assert.equal(first.tables.findIndex((t) => t.table === 'customers') < first.tables.findIndex((t) => t.table === 'orders'), true, 'parents first');
    assert.equal(first.fidelity.comparedWithProduction, true);
    assert.ok(first.fidelity.rowEstimateRatio === null || first.fidelity.rowEstimateRatio >= 1);
    assert.equal(first.fidelity.reproducesPlan, first.fidelity.notes.length === 0);
    const prodModel = await production.schema.get();
    assert.equal(first.schemaVersion, prodModel.version);
    const stored = await catalog.query('SELECT record FROM shadowtune.synth_datasets WHERE dataset_id = $1', [first.datasetId]);
    assert.equal(stored.rows[0]?.record.datasetId, first.datasetId);
    // The experiment's skew target (a foreign key) is skewed although production's is even...
    const top = await shadow.query('SELECT max(n)::float8 / sum(n) AS share FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id) c');
    assert.ok(top.rows[0].share > 0.1, `top customer share ${top.rows[0].share}`);
    // ...while status keeps production's shape (thirds), which outranks the parameter profile.
    const status = await shadow.query('SELECT max(n)::float8 / sum(n) AS share FROM (SELECT count(*) AS n FROM orders GROUP BY status) s');
    assert.ok(Math.abs(status.rows[0].share - 1 / 3) < 0.03, `top status share ${status.rows[0].share}`);
  });

  it('is idempotent on redelivery: the same record, no reload', async () => {
    const again = await buildDatasetForFinding(finding(), { ...deps, now: () => 0 });
    assert.deepEqual(again, first);
  });

  it('publishes through the handler keyed by fingerprint; a new revision is a new dataset', async () => {
    const published: [string, SyntheticDataset][] = [];
    const handler = handleQueryFinding(deps, async (key, record) => {
      published.push([key, record]);
    });
    const event = (value: QueryFinding) => ({ topic: 'query.findings' as const, key: value.fingerprint, value, partition: 0, offset: '0', timestamp: 0, headers: {} });
    await handler(event(finding({ revision: 2 })));
    assert.equal(published.length, 1);
    assert.equal(published[0]?.[0], 'fp-1');
    assert.equal(published[0]?.[1].datasetId, datasetIdOf('f-orders-status', 2, 9));
    const count = await catalog.query('SELECT count(*)::int AS n FROM shadowtune.synth_datasets');
    assert.equal(count.rows[0].n, 2);
  });

  it('re-reads production when a finding names a column the cached model lacks, and re-syncs the shadow', async () => {
    const admin = new pg.Client({ connectionString: productionUrl });
    await admin.connect();
    await admin.query(`ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT 'web'`);
    await admin.end();
    const withChannel = finding({
      findingId: 'f-channel',
      normalizedSql: 'SELECT count(*) FROM orders WHERE channel = $1',
      columns: [{ schema: 'public', table: 'orders', column: 'channel', role: 'FILTER', operator: '=' }],
      experiment: { tables: [{ schema: 'public', table: 'orders', rows: 5_000 }], skew: [] },
    });
    const record = await buildDatasetForFinding(withChannel, deps);
    assert.notEqual(record.schemaVersion, first.schemaVersion);
    const channels = await shadow.query('SELECT count(DISTINCT channel)::int AS n FROM orders');
    assert.ok(channels.rows[0].n > 1);
    await assert.rejects(
      buildDatasetForFinding(finding({ findingId: 'f-ghost', columns: [{ schema: 'public', table: 'orders', column: 'ghost', role: 'FILTER', operator: '=' }] }), deps),
      (error: Error & { code?: string }) => error.code === 'UNKNOWN_RELATION' && error.message.includes('public.orders.ghost'),
    );
  });

  it('without production, compares the shadow\'s plan with the finding\'s plan excerpt', async () => {
    const model = await introspectSchema(shadow);
    const client = await shadow.connect();
    await syncShadowSchema(client, model).finally(() => client.release());
    const excerpt = 'Seq Scan on orders o  (cost=0.00..450.00 rows=120 width=40)\n  Filter: ((status = $1) AND (customer_id = $2))';
    const record = await buildDatasetForFinding(finding({ findingId: 'f-excerpt', planExcerpt: excerpt }), { ...deps, production: null });
    assert.equal(record.fidelity.comparedWithProduction, false);
    assert.equal(typeof record.fidelity.reproducesPlan, 'boolean');
    assert.ok(record.fidelity.reproducesPlan || record.fidelity.notes.some((n) => n.includes('Seq Scan on orders')));
    const none = await buildDatasetForFinding(finding({ findingId: 'f-none' }), { ...deps, production: null });
    assert.equal(none.fidelity.reproducesPlan, false);
    assert.ok(none.fidelity.notes.some((n) => n.startsWith('nothing to compare with')));
  });
});
