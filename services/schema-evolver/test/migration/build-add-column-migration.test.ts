import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  // The application already uses orders.priority, which production lacks.
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 20_000, events: 10 },
    workload: [
      ...Array.from({ length: 20 }, () => signatureOf({ sql: 'SELECT id, total FROM orders WHERE priority = $1', durationMs: 2, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 3, 0.5)] })),
      ...Array.from({ length: 20 }, () =>
        signatureOf({ sql: 'UPDATE orders SET priority = $1 WHERE id = $2', durationMs: 1, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 3, 0.5), profile(2, 'INTEGER', 20, 0.05)] }),
      ),
    ],
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('ADD_COLUMN: proposal → migration → shadow A/B → apply → rollback', () => {
  it('proposes the missing column, typed from the parameter profiles, added without a rewrite', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'ADD_COLUMN');
    assert.equal(record.columnName, 'priority');
    assert.equal(record.dataType, 'bigint');
    assert.deepEqual(record.up, ['ALTER TABLE "public"."orders" ADD COLUMN "priority" bigint']);
    assert.deepEqual(record.down, ['ALTER TABLE "public"."orders" DROP COLUMN IF EXISTS "priority"']);
    assert.match(record.verdict!, /^IMPROVES/);
    assert.equal(record.evidence.abEnabled, 2, 'both statements fail before and run after');
  });

  it('applies without rewriting the table and rolls back exactly, losing no row', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['orders']);
    const file = async () => (await world.productionPool.query(`SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass`)).rows[0].relfilenode;
    const fileBefore = await file();
    await world.apply(requested.deploymentId);
    assert.equal(await file(), fileBefore, 'same relfilenode: the table was not rewritten');
    assert.deepEqual(await world.rollback(requested.deploymentId), { rolledBack: true, differences: [] });
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['orders']), sums);
  });
});
