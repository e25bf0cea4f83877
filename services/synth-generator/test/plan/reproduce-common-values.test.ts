import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { loadDataset } from '../../src/load/load-dataset.js';
import { planDataset } from '../../src/plan/plan-dataset.js';
import type { GenerationPlan } from '../../src/plan/generation-plan.js';
import { syncShadowSchema } from '../../src/schema/sync-shadow-schema.js';
import { productionValueColumnsOf } from '../../src/service/production-value-columns-of.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

// Production: one status dominates (90 %), a label with a quote, a backslash and a tab is the
// top value of a text column, and a foreign key column is skewed towards one customer.
const SCHEMA = `CREATE TYPE order_status AS ENUM ('pending', 'shipped', 'done', 'cancelled');
  CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, status order_status NOT NULL,
    label text NOT NULL CHECK (length(label) < 40), code text UNIQUE, created_at timestamptz NOT NULL);`;
const SEED = `INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g;
  INSERT INTO orders SELECT g, CASE WHEN g % 2 = 0 THEN 17 ELSE 1 + g % 500 END,
    (CASE WHEN g % 10 = 0 THEN 'pending' WHEN g % 10 = 1 THEN 'shipped' WHEN g % 20 = 2 THEN 'cancelled' ELSE 'done' END)::order_status,
    CASE WHEN g % 3 = 0 THEN E'it''s a\\\\b\\tc' ELSE 'label-' || (g % 7) END, 'code-' || g, now() - g * interval '1 minute'
  FROM generate_series(1, 20000) g;
  ANALYZE`;

async function shadowShares(pool: pg.Pool, column: string): Promise<Map<string, number>> {
  const rows = await pool.query<{ value: string; share: number }>(`SELECT ${column}::text AS value, count(*)::float8 / sum(count(*)) OVER () AS share FROM orders GROUP BY 1`);
  return new Map(rows.rows.map((r) => [r.value, r.share]));
}

describe('synthetic data reproduces production\'s most common values (productionValues opt-in)', { timeout: 120_000 }, () => {
  let production: TestDatabase;
  let shadow: TestDatabase;
  let pool: pg.Pool;
  let model: SchemaModel;
  let plan: GenerationPlan;

  before(async () => {
    await loadSqlParser();
    production = await createTestDatabase();
    shadow = await createTestDatabase();
    const prod = new pg.Client({ connectionString: production.url });
    await prod.connect();
    try {
      await prod.query(SCHEMA);
      await prod.query(SEED);
      model = await introspectSchema(prod, { mostCommonValues: true });
    } finally {
      await prod.end();
    }
    pool = new pg.Pool({ connectionString: shadow.url, max: 3 });
    const client = await pool.connect();
    try {
      await syncShadowSchema(client, model);
    } finally {
      client.release();
    }
    plan = planDataset({
      model,
      seed: 7,
      skewFactor: 1.1,
      volume: { rows: 30_000, productionMultiple: null, thinRows: 500 },
      focus: { deepTables: [{ schema: 'public', table: 'orders', suggestedRows: null }], skewTargets: [], findingColumns: [], parameterProfiles: [] },
      correlation: 0,
      timeSpan: TEST_TIME_SPAN,
    });
    await loadDataset({ pool, plan, connections: 2 });
    await pool.query('ANALYZE');
  });

  after(async () => {
    await pool?.end();
    await production?.drop();
    await shadow?.drop();
  });

  it('gives the dominant enum value its production share, and the shadow\'s statistics name it first', async () => {
    const statusStats = findColumn(findTable(model, 'public', 'orders')!, 'status')!.stats!;
    assert.equal(statusStats.mostCommonValues?.[0], 'done');
    const shares = await shadowShares(pool, 'status');
    assert.ok(Math.abs((shares.get('done') ?? 0) - statusStats.mostCommonFrequencies[0]!) < 0.02, JSON.stringify([...shares]));
    const shadowModel = await introspectSchema(pool, { mostCommonValues: true });
    const shadowStatus = findColumn(findTable(shadowModel, 'public', 'orders')!, 'status')!.stats!;
    assert.equal(shadowStatus.mostCommonValues?.[0], 'done');
    assert.ok(shadowStatus.mostCommonFrequencies[0]! > 0.6);
  });

  it('reproduces a text value needing quoting and COPY escapes, within the CHECK, and keeps the other values apart', async () => {
    const label = findColumn(findTable(model, 'public', 'orders')!, 'label')!.stats!;
    const top = label.mostCommonValues![0]!;
    assert.equal(top, "it's a\\b\tc");
    const shares = await shadowShares(pool, 'label');
    assert.ok(Math.abs((shares.get(top) ?? 0) - label.mostCommonFrequencies[0]!) < 0.02, JSON.stringify([...shares]));
    for (const value of label.mostCommonValues!) assert.ok(shares.has(value), `${value} is in the shadow`);
  });

  it('leaves foreign key and unique columns synthetic, and says so in the plan notes (without the values)', () => {
    const orders = plan.tables.find((t) => t.name === 'orders')!;
    const status = orders.columns.find((c) => c.name === 'status')!;
    assert.equal(status.source.kind === 'sampled' && status.source.commonValues?.[0], 'done');
    assert.equal(orders.columns.find((c) => c.name === 'customer_id')!.source.kind, 'foreign-key');
    assert.ok(orders.notes.some((n) => /^customer_id: production's most common values not reproduced \(foreign-key\)$/.test(n)), orders.notes.join('\n'));
    assert.ok(orders.notes.some((n) => /^status: production's \d+ most common values reproduced$/.test(n)));
    assert.ok(!orders.notes.some((n) => n.includes('done') || n.includes("it's")));
  });

  it('names the columns holding production values for the dataset record, and only those', () => {
    const named = productionValueColumnsOf(plan).map((c) => `${c.schema}.${c.table}.${c.column}`).sort();
    assert.ok(named.includes('public.orders.status') && named.includes('public.orders.label'), named.join(', '));
    assert.ok(!named.includes('public.orders.customer_id') && !named.includes('public.orders.code') && !named.includes('public.orders.id'), named.join(', '));
  });
});
