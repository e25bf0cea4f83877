import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { loadDataset } from '../../src/load/load-dataset.js';
import type { ColumnSource } from '../../src/plan/generation-plan.js';
import { planDataset } from '../../src/plan/plan-dataset.js';
import { createShadowFixture, type ShadowFixture } from '../support/shadow-fixture.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

const SCHEMA = `CREATE TABLE tickets (id int PRIMARY KEY, status text, priority int NOT NULL, assignee int, opened_on date NOT NULL)`;
// Known shapes: status 50/30/15% + 5% NULL; priority 40/30/15/10/5%; assignee 500 values + 10% NULL.
const PRODUCTION_DATA = `INSERT INTO tickets SELECT g,
  CASE WHEN g % 100 < 5 THEN NULL WHEN g % 100 < 55 THEN 'open' WHEN g % 100 < 85 THEN 'closed' ELSE 'pending' END,
  CASE WHEN g % 20 < 8 THEN 1 WHEN g % 20 < 14 THEN 2 WHEN g % 20 < 17 THEN 3 WHEN g % 20 < 19 THEN 4 ELSE 5 END,
  CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 7919) % 500 END,
  date '2024-01-01' + (g % 365)
FROM generate_series(1, 100000) AS g`;

interface StatsRow { attname: string; null_frac: number; n_distinct: number; freqs: number[] | null }

async function stats(pool: pg.Pool): Promise<Map<string, StatsRow>> {
  const result = await pool.query<StatsRow>(`SELECT attname, null_frac::float8, n_distinct::float8, most_common_freqs::float8[] AS freqs FROM pg_stats WHERE tablename = 'tickets'`);
  return new Map(result.rows.map((r) => [r.attname, r]));
}

describe('production-shaped frequencies', { timeout: 120_000 }, () => {
  let fixture: ShadowFixture;
  before(async () => {
    fixture = await createShadowFixture(SCHEMA, 1, PRODUCTION_DATA);
  });
  after(() => fixture.drop());

  it('reproduces null fractions, most-common frequencies and n_distinct from production statistics (no values read)', async () => {
    const plan = planDataset({
      model: fixture.model,
      seed: 5,
      skewFactor: 1.1,
      volume: { rows: null, productionMultiple: 1, thinRows: 0 },
      focus: { deepTables: [{ schema: 'public', table: 'tickets', suggestedRows: null }], skewTargets: [], findingColumns: [], parameterProfiles: [] },
      correlation: 0.9,
      timeSpan: TEST_TIME_SPAN,
    });
    const tickets = plan.tables[0];
    assert.equal(tickets?.rows, 100_000, 'productionMultiple 1 reproduces the production row count');
    for (const column of ['status', 'priority']) {
      const columnSource: ColumnSource | undefined = tickets?.columns.find((c) => c.name === column)?.source;
      assert.equal(columnSource?.kind === 'sampled' ? columnSource.reason : columnSource?.kind, 'production-stats', column);
    }
    const shadow = fixture.shadows[0] as pg.Pool;
    await loadDataset({ pool: shadow, plan });
    const [production, synthetic] = await Promise.all([stats(fixture.production), stats(shadow)]);
    // Tolerances: ±0.015 absolute on each frequency and null fraction (ANALYZE samples 30,000
    // rows on both sides), ±10% on n_distinct.
    for (const column of ['status', 'priority', 'assignee']) {
      const p = production.get(column) as StatsRow;
      const s = synthetic.get(column) as StatsRow;
      assert.ok(Math.abs(p.null_frac - s.null_frac) < 0.015, `${column} null_frac ${s.null_frac} vs ${p.null_frac}`);
      const pDistinct = p.n_distinct > 0 ? p.n_distinct : -p.n_distinct * 100_000;
      const sDistinct = s.n_distinct > 0 ? s.n_distinct : -s.n_distinct * 100_000;
      assert.ok(Math.abs(pDistinct - sDistinct) / pDistinct < 0.1, `${column} n_distinct ${sDistinct} vs ${pDistinct}`);
      const pf = p.freqs ?? [];
      const sf = s.freqs ?? [];
      for (let i = 0; i < Math.min(pf.length, 5); i += 1) {
        assert.ok(Math.abs((pf[i] ?? 0) - (sf[i] ?? 0)) < 0.015, `${column} frequency ${i}: ${sf[i]} vs ${pf[i]}`);
      }
    }
  });
});
