import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  const range = 'SELECT count(*) FROM events WHERE created_at >= $1 AND created_at < $2';
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 10, events: 100_000 },
    workload: Array.from({ length: 40 }, () =>
      signatureOf({ sql: range, durationMs: 20, relations: ['public.events'], parameters: [profile(1, 'DATE_TIME', 40, 0.03), profile(2, 'DATE_TIME', 40, 0.03)] }),
    ),
    overrides: { 'services.schemaEvolver.analysis.partitionMinRows': 50_000 },
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('RANGE_PARTITIONING: proposal → migration → shadow A/B → apply → rollback', () => {
  it('proposes weekly range partitions from the time histogram, with the copy, the mirror triggers and the switch', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    assert.deepEqual(outcome.skipped.map((s) => [s.changeType, s.reasonCode]), [['CREATE_INDEX', 'COVERED_BY_OTHER_PROPOSAL']]);
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'RANGE_PARTITIONING');
    assert.equal(record.columnName, 'created_at');
    assert.match(record.indexStrategy!, /^partition by range \("created_at"\) per week/);
    assert.match(record.up[0]!, /PRIMARY KEY \("id", "created_at"\)\) PARTITION BY RANGE \("created_at"\); CREATE TABLE "public"."events_p20240101" PARTITION OF/);
    assert.match(record.up[1]!, /AFTER INSERT OR UPDATE OR DELETE ON "public"."events" FOR EACH ROW/);
    assert.match(record.up[2]!, /^WITH source AS \(SELECT .* ORDER BY "id" LIMIT 20000\), copied AS \(INSERT INTO "public"."events_partitioned"/);
    assert.ok(record.evidence.growthPerDay! > 0);
    assert.match(record.verdict!, /^IMPROVES/);
  });

  it('applies (events is partitioned, writes reach the old table too) and rolls back exactly, keeping rows written in between', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['events']);
    const untouched = await tableChecksums(world.productionPool, ['events'], { events: 'id <> 7' });
    await world.apply(requested.deploymentId);
    const kind = await world.productionPool.query(`SELECT relkind FROM pg_class WHERE oid = 'public.events'::regclass`);
    assert.equal(kind.rows[0].relkind, 'p');
    assert.deepEqual(await tableChecksums(world.productionPool, ['events']), sums, 'every row was copied');
    await world.productionPool.query(`INSERT INTO events VALUES (500001, 1, 'view', '{}', '2024-01-03')`);
    await world.productionPool.query(`UPDATE events SET kind = 'edited' WHERE id = 7`);
    assert.deepEqual(await world.rollback(requested.deploymentId), { rolledBack: true, differences: [] });
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['events'], { events: 'id <= 100000 AND id <> 7' }), untouched, 'every row untouched in between is as before');
    const after = await world.productionPool.query(`SELECT (SELECT count(*)::int FROM events) AS n, (SELECT kind FROM events WHERE id = 7) AS edited, (SELECT count(*)::int FROM events WHERE id = 500001) AS inserted`);
    assert.deepEqual(after.rows[0], { n: 100_001, edited: 'edited', inserted: 1 });
  });
});
