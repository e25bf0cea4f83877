import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { zipfTopShare } from '../../src/distributions/zipf-top-share.js';
import { fitZipfExponent } from '../../src/fidelity/fit-zipf-exponent.js';
import { loadDataset } from '../../src/load/load-dataset.js';
import type { DatasetFocus } from '../../src/plan/dataset-focus.js';
import { planDataset } from '../../src/plan/plan-dataset.js';
import { createShadowFixture, tableChecksum, type ShadowFixture } from '../support/shadow-fixture.js';
import { TEST_TIME_SPAN, WIDE_SCHEMA_SQL } from '../support/wide-schema.js';

const volume = (rows: number) => ({ rows, productionMultiple: null, thinRows: 0 });

describe('generated data is a pure function of the seed', { timeout: 120_000 }, () => {
  let fixture: ShadowFixture;
  before(async () => {
    fixture = await createShadowFixture(WIDE_SCHEMA_SQL, 3);
  });
  after(() => fixture.drop());

  it('same seed → identical tables (one connection or two, halves or whole); another seed → different', async () => {
    const plan = (seed: number) => planDataset({ model: fixture.model, seed, skewFactor: 1.1, volume: volume(4_000), focus: null, correlation: 0.9, timeSpan: TEST_TIME_SPAN });
    const [a, b, c] = fixture.shadows as [pg.Pool, pg.Pool, pg.Pool];
    await loadDataset({ pool: a, plan: plan(7), connections: 1 });
    await loadDataset({ pool: b, plan: plan(7), connections: 2, splitThresholdRows: 1_000 });
    await loadDataset({ pool: c, plan: plan(8), connections: 2 });
    let differing = 0;
    for (const table of plan(7).tables) {
      const name = quoteQualifiedName(table.schema, table.name);
      const [sumA, sumB, sumC] = await Promise.all([tableChecksum(a, name), tableChecksum(b, name), tableChecksum(c, name)]);
      assert.equal(sumA, sumB, `${table.name} differs between two runs with the same seed`);
      if (sumA !== sumC) differing += 1;
    }
    assert.equal(differing, plan(7).tables.length, 'every table changes with the seed');
  });
});

const SKEW_SCHEMA = `
CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE events (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  user_id int NOT NULL,
  kind text NOT NULL,
  region int NOT NULL,
  device int NOT NULL,
  amount numeric(10,2),
  created_at timestamptz NOT NULL
);`;

describe('distributions', { timeout: 120_000 }, () => {
  let fixture: ShadowFixture;
  const rows = 200_000;
  const focus: DatasetFocus = {
    deepTables: [{ schema: 'public', table: 'events', suggestedRows: null }],
    skewTargets: [{ schema: 'public', table: 'events', column: 'user_id', factor: 1.1 }],
    findingColumns: [
      { schema: 'public', table: 'events', column: 'kind', role: 'FILTER', operator: '=' },
      { schema: 'public', table: 'events', column: 'region', role: 'FILTER', operator: '=' },
      { schema: 'public', table: 'events', column: 'device', role: 'FILTER', operator: '=' },
      { schema: 'public', table: 'events', column: 'account_id', role: 'JOIN', operator: '=' },
    ],
    parameterProfiles: [],
  };
  before(async () => {
    fixture = await createShadowFixture(SKEW_SCHEMA, 1);
    const plan = planDataset({ model: fixture.model, seed: 3, skewFactor: 1.5, volume: { rows, productionMultiple: null, thinRows: 2_000 }, focus, correlation: 0.9, timeSpan: TEST_TIME_SPAN });
    await loadDataset({ pool: shadow(), plan });
  });
  after(() => fixture.drop());

  const shadow = (): pg.Pool => fixture.shadows[0] as pg.Pool;
  const frequencies = async (column: string, table = 'events'): Promise<number[]> => {
    const result = await shadow().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} GROUP BY ${column} ORDER BY 1 DESC`);
    return result.rows.map((r) => r.n);
  };

  it('skews an experiment column with its factor: top share and fitted exponent match Zipf', async () => {
    // Tolerances: top share within 10% relative (binomial noise on 200k rows is ~1%),
    // fitted exponent within 0.1 of the factor.
    const counts = await frequencies('user_id');
    const distinct = rows / 10;
    const expected = zipfTopShare(distinct, 1.1);
    const top = (counts[0] ?? 0) / rows;
    assert.ok(Math.abs(top - expected) / expected < 0.1, `top share ${top} vs ${expected}`);
    const fitted = fitZipfExponent(counts);
    assert.ok(fitted !== null && Math.abs(fitted - 1.1) < 0.1, `fitted ${fitted}`);
    // Heavy hitter and long tail both present.
    assert.ok(counts.filter((c) => c <= 2).length > 1_000, 'long tail');
  });

  it('skews the finding\'s other columns with DataSkewFactor', async () => {
    const counts = await frequencies('kind');
    const expected = zipfTopShare(rows / 10, 1.5);
    const top = (counts[0] ?? 0) / rows;
    assert.ok(Math.abs(top - expected) / expected < 0.1, `top share ${top} vs ${expected}`);
    const fitted = fitZipfExponent(counts);
    assert.ok(fitted !== null && Math.abs(fitted - 1.5) < 0.1, `fitted ${fitted}`);
  });

  it('correlates the filter columns of one table', async () => {
    const pool = shadow();
    // Both are int columns numbered from 1: equal values mean equal ranks.
    const result = await pool.query<{ same: number }>(`SELECT avg((region = device)::int)::float8 AS same FROM events`);
    assert.ok((result.rows[0]?.same ?? 0) > 0.88, `share of rows with equal ranks: ${result.rows[0]?.same}`);
  });

  it('skews foreign-key fan-out: a few parents with very many children', async () => {
    const counts = await frequencies('account_id');
    const top = (counts[0] ?? 0) / rows;
    const expected = zipfTopShare(2_000, 1.5);
    assert.ok(Math.abs(top - expected) / expected < 0.1, `top parent share ${top} vs ${expected}`);
    assert.ok(counts.length < 2_000, 'some parents have no children');
  });

  it('spreads timestamps over the window with growth', async () => {
    const result = await shadow().query<{ early: number; late: number; low: Date; high: Date }>(`SELECT
      count(*) FILTER (WHERE created_at < timestamptz '2024-01-01' + interval '36 days')::int AS early,
      count(*) FILTER (WHERE created_at >= timestamptz '2025-01-01' - interval '36 days')::int AS late,
      min(created_at) AS low, max(created_at) AS high FROM events`);
    const row = result.rows[0];
    assert.ok(row !== undefined && row.late / row.early > 3 && row.late / row.early < 4.5, `late/early ${row?.late}/${row?.early}`);
    assert.ok(row.low.getTime() >= Date.UTC(2024, 0, 1, 0, 0, 0) - 86_400_000 && row.high.getTime() <= Date.UTC(2025, 0, 1));
  });
});
