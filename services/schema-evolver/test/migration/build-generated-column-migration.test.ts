import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  // As capture publishes it: the key is a placeholder whose value never changes.
  const read = 'SELECT id, kind FROM events WHERE payload->>$1 = $2';
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 10, events: 100_000 },
    workload: Array.from({ length: 40 }, () =>
      signatureOf({ sql: read, durationMs: 30, relations: ['public.events'], parameters: [profile(1, 'TEXT', 1, 1), profile(2, 'TEXT', 40, 0.025)] }),
    ),
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('GENERATED_COLUMN for a hot JSON key: proposal → migration → shadow A/B → apply → rollback', () => {
  it('resolves the stripped key against production and proposes the column with an index on the key', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'GENERATED_COLUMN');
    assert.equal(record.columnName, 'payload_session');
    assert.equal(record.dataType, 'text');
    assert.equal(record.evidence.keyCandidates, 3);
    // PostgreSQL 15: no virtual generated columns; a STORED one would rewrite the table.
    assert.deepEqual(record.up.slice(0, 1), ['ALTER TABLE "public"."events" ADD COLUMN "payload_session" text']);
    assert.match(record.up[1]!, /BEFORE INSERT OR UPDATE ON "public"."events" FOR EACH ROW/);
    assert.match(record.up[2]!, /^WITH batch AS \(UPDATE "public"."events" AS t SET "payload_session" = t."payload" ->> 'session'/);
    assert.equal(record.up[3], `CREATE INDEX CONCURRENTLY "events_payload_session_idx" ON "public"."events" USING btree (("payload" ->> 'session'))`);
    assert.match(record.verdict!, /^IMPROVES/);
  });

  it('applies (the column equals the expression, also for new rows) and rolls back exactly, losing no row', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['events']);
    await world.apply(requested.deploymentId);
    const mismatched = await world.productionPool.query(`SELECT count(*)::int AS n FROM events WHERE payload_session IS DISTINCT FROM payload->>'session'`);
    assert.equal(mismatched.rows[0].n, 0);
    await world.productionPool.query(`INSERT INTO events VALUES (1000001, 1, 'view', '{"session": "fresh"}', now())`);
    const fresh = await world.productionPool.query(`SELECT payload_session FROM events WHERE id = 1000001`);
    assert.equal(fresh.rows[0].payload_session, 'fresh');
    assert.deepEqual(await world.rollback(requested.deploymentId), { rolledBack: true, differences: [] });
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['events'], { events: 'id <= 100000' }), sums);
    const kept = await world.productionPool.query(`SELECT payload->>'session' AS s FROM events WHERE id = 1000001`);
    assert.equal(kept.rows[0].s, 'fresh', 'a row written while the change was applied survives the rollback');
  });
});
