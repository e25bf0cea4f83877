import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { loadDataset } from '../../src/load/load-dataset.js';
import { planDataset } from '../../src/plan/plan-dataset.js';
import { createShadowFixture, type ShadowFixture } from '../support/shadow-fixture.js';
import { TEST_TIME_SPAN } from '../support/wide-schema.js';

const CYCLE = `
CREATE TABLE teams (id int PRIMARY KEY, captain_id int);
CREATE TABLE players (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
ALTER TABLE teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES players (id);`;

describe('loadDataset when the server rejects a row', { timeout: 60_000 }, () => {
  let fixture: ShadowFixture;
  before(async () => {
    fixture = await createShadowFixture(CYCLE, 1);
  });
  after(() => fixture.drop());

  it('fails with the server\'s reason and leaves every constraint in place', async () => {
    const pool = fixture.shadows[0] as pg.Pool;
    // Something the model does not know (a trigger added to the shadow) makes the COPY fail.
    await pool.query(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 700 THEN RAISE EXCEPTION 'row 700 refused'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON players FOR EACH ROW EXECUTE FUNCTION refuse()`);
    const plan = planDataset({ model: fixture.model, seed: 1, skewFactor: 1.1, volume: { rows: 1_000, productionMultiple: null, thinRows: 0 }, focus: null, correlation: 0.9, timeSpan: TEST_TIME_SPAN });
    assert.equal(plan.tables.find((t) => t.name === 'teams')?.foreignKeys[0]?.loadMode, 'drop-and-readd');
    await assert.rejects(loadDataset({ pool, plan }), (error: Error & { code?: string }) => error.code === 'DB_QUERY_FAILED' && error.message.includes('row 700 refused'));
    const constraints = await pool.query(`SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY 1`);
    assert.deepEqual(constraints.rows.map((r) => r.conname), ['players_team_id_fkey', 'teams_captain_fk']);
    await pool.query('DROP TRIGGER refuse ON players');
    const report = await loadDataset({ pool, plan });
    assert.deepEqual(report.tables.map((t) => t.rows), [1_000, 1_000]);
  });
});
