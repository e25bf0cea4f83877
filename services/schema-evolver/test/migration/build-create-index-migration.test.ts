import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requestSchemaDeployment } from '../../src/catalog/request-schema-deployment.js';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  const lookup = 'SELECT id, total FROM orders WHERE status = $1 AND customer_id = $2';
  world = await createLifecycleWorld({
    sizes: { customers: 2_000, orders: 100_000, events: 10 },
    workload: Array.from({ length: 40 }, () =>
      signatureOf({ sql: lookup, durationMs: 9, relations: ['public.orders'], parameters: [profile(1, 'TEXT', 4, 0.4), profile(2, 'INTEGER', 40, 0.03)] }),
    ),
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('CREATE_INDEX (composite, covering): proposal → migration → shadow A/B → apply → rollback', () => {
  it('proposes the columns used together, most distinct first, covering the output', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'CREATE_INDEX');
    assert.equal(record.indexStrategy, 'btree ("customer_id", "status") INCLUDE ("id", "total")');
    assert.deepEqual(record.up, ['CREATE INDEX CONCURRENTLY "orders_customer_id_status_idx" ON "public"."orders" USING btree ("customer_id", "status") INCLUDE ("id", "total")']);
    assert.deepEqual(record.down, ['DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_status_idx"']);
    assert.equal(record.evidence.support, 1);
    assert.equal(record.evidence.confidence, 1);
    assert.equal(record.evidence.lift, 1);
    assert.equal(record.evidence.coverage, 1);
    assert.match(record.verdict!, /^IMPROVES/);
  });

  it('does not apply to tables that changed since the proposal: the deployment fails STALE_PROPOSAL and changes nothing', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    await world.productionPool.query('ALTER TABLE orders ADD COLUMN late_addition int');
    const before = await world.snapshot();
    await world.apply(requested.deploymentId);
    const failed = world.published.deployments.at(-1)!;
    assert.equal(failed.step, 'FAILED');
    assert.match(failed.reason!, /^STALE_PROPOSAL/);
    assert.equal((await world.snapshot()).model.version, before.model.version);
    await world.productionPool.query('ALTER TABLE orders DROP COLUMN late_addition');
    const again = await requestSchemaDeployment(world.catalog, requested.proposalId, 'AUTOMATIC');
    assert.ok(again && again.deploymentId !== requested.deploymentId, 'a new deployment can be requested');
    world.published.deployments.push(again);
  });

  it('applies and rolls back to exactly the schema before, losing no row', async () => {
    const requested = world.published.deployments.filter((d) => d.step === 'REQUESTED').at(-1)!;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['customers', 'orders']);
    await world.apply(requested.deploymentId);
    const index = await world.productionPool.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'orders_customer_id_status_idx'`);
    assert.match(index.rows[0].indexdef, /INCLUDE \(id, total\)/);
    assert.deepEqual(await world.rollback(requested.deploymentId), { rolledBack: true, differences: [] });
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['customers', 'orders']), sums);
  });
});
