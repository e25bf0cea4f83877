import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { loadDataset } from '../../src/load/load-dataset.js';
import { planDataset } from '../../src/plan/plan-dataset.js';
import { createShadowFixture, type ShadowFixture } from '../support/shadow-fixture.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

// Names and labels that break naive SQL building: quotes, spaces, reserved words, a
// semicolon, a tab and a backslash in enum labels (COPY text escaping).
const HOSTILE = `
CREATE SCHEMA "Sales-2024";
CREATE TYPE "Sales-2024"."state ""q""" AS ENUM ('it''s', 'tab\there', 'back\\slash', 'new
line');
CREATE TABLE "Sales-2024"."Order ""Items""" (
  "select" int PRIMARY KEY,
  "Mixed Case" text NOT NULL,
  "state" "Sales-2024"."state ""q""" NOT NULL,
  "from; DROP TABLE x" varchar(20) NOT NULL UNIQUE
);
CREATE TABLE "Sales-2024"."child table" ("id" int PRIMARY KEY, "parent ref" int NOT NULL REFERENCES "Sales-2024"."Order ""Items""" ("select"));
CREATE TABLE "Sales-2024".tree (id int PRIMARY KEY, parent int NOT NULL REFERENCES "Sales-2024".tree (id));`;

describe('loadDataset with hostile identifiers and labels', { timeout: 60_000 }, () => {
  let fixture: ShadowFixture;
  before(async () => {
    fixture = await createShadowFixture(HOSTILE, 1);
  });
  after(() => fixture.drop());

  it('quotes every name and escapes every value', async () => {
    const plan = planDataset({ model: fixture.model, seed: 2, skewFactor: 1.1, volume: { rows: 2_000, productionMultiple: null, thinRows: 0 }, focus: null, correlation: 0.9, timeSpan: TEST_TIME_SPAN });
    const pool = fixture.shadows[0] as pg.Pool;
    const report = await loadDataset({ pool, plan });
    assert.deepEqual(report.tables.map((t) => [t.name, t.rows]).sort(), [['Order "Items"', 2_000], ['child table', 2_000], ['tree', 2_000]].sort());
    // A NOT NULL self-reference: the first row points at itself, the others at earlier rows.
    const tree = await pool.query<{ roots: number; forward: number }>(`SELECT count(*) FILTER (WHERE parent = id)::int AS roots, count(*) FILTER (WHERE parent > id)::int AS forward FROM "Sales-2024".tree`);
    assert.deepEqual(tree.rows[0], { roots: 1, forward: 0 });
    const labels = await pool.query<{ state: string }>(`SELECT DISTINCT "state"::text AS state FROM "Sales-2024"."Order ""Items""" ORDER BY 1`);
    assert.deepEqual(labels.rows.map((r) => r.state).sort(), ["back\\slash", "it's", 'new\nline', 'tab\there'].sort());
  });
});
