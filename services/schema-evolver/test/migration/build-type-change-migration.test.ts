import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  // orders.ref holds integers as text; the statements cast it, so orders_ref_idx cannot serve them.
  const lookup = 'SELECT id, total FROM orders WHERE ref::int = $1';
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 100_000, events: 10 },
    workload: Array.from({ length: 40 }, () => signatureOf({ sql: lookup, durationMs: 25, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 40, 0.03)] })),
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('ADJUST_DATA_TYPE by expand/contract: proposal → migration → shadow A/B → apply → rollback', () => {
  it('proposes text → integer with a new column, trigger, batched backfill, NOT NULL as a validated check, the index rebuilt, and a switch', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'ADJUST_DATA_TYPE');
    assert.equal(record.columnName, 'ref');
    assert.equal(record.dataType, 'integer');
    assert.equal(record.up[0], 'ALTER TABLE "public"."orders" ADD COLUMN "ref_new" integer');
    assert.match(record.up[2]!, /^WITH batch AS \(UPDATE "public"."orders" AS t SET "ref_new" = t."ref"::integer/);
    assert.match(record.up[3]!, /CHECK \("ref_new" IS NOT NULL\) NOT VALID$/);
    assert.match(record.up[4]!, /VALIDATE CONSTRAINT/);
    assert.equal(record.up[5], 'CREATE INDEX CONCURRENTLY "orders_ref_idx_typed" ON "public"."orders" USING btree ("ref_new")');
    assert.match(record.up[6]!, /^LOCK TABLE "public"."orders" IN ACCESS EXCLUSIVE MODE; .*RENAME COLUMN "ref" TO "ref_old"; .*RENAME COLUMN "ref_new" TO "ref"/);
    assert.ok(record.prechecks.some((sql) => sql.includes('!~')), 'values that would not convert are looked for first');
    assert.match(record.verdict!, /^IMPROVES/);
  });

  it('applies (ref is integer, the old text column kept current) and rolls back exactly, keeping rows written in between', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['orders']);
    await world.apply(requested.deploymentId);
    const type = await world.productionPool.query(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'ref'`);
    assert.equal(type.rows[0].t, 'integer');
    await world.productionPool.query(`INSERT INTO orders (id, customer_id, status, total, ref, created_at) VALUES (200001, 1, 'new', 1, 4242, now())`);
    const old = await world.productionPool.query(`SELECT ref_old FROM orders WHERE id = 200001`);
    assert.equal(old.rows[0].ref_old, '4242');
    assert.deepEqual(await world.rollback(requested.deploymentId), { rolledBack: true, differences: [] });
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['orders'], { orders: 'id <= 100000' }), sums);
    const written = await world.productionPool.query(`SELECT ref FROM orders WHERE id = 200001`);
    assert.equal(written.rows[0].ref, '4242');
  });
});
