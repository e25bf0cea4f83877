import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requestSchemaDeployment } from '../../src/catalog/request-schema-deployment.js';
import type { EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLifecycleWorld, profile, signatureOf, tableChecksums, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let outcome: EvolutionOutcome;

before(async () => {
  const join = 'SELECT o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = $1';
  world = await createLifecycleWorld({
    sizes: { customers: 2_000, orders: 100_000, events: 10 },
    workload: Array.from({ length: 40 }, () => signatureOf({ sql: join, durationMs: 12, relations: ['public.customers', 'public.orders'], parameters: [profile(1, 'INTEGER', 40, 0.03)] })),
  });
  outcome = await world.evolve();
});

after(async () => {
  await world?.close();
});

describe('ADD_FOREIGN_KEY: proposal → migration → shadow A/B → apply → rollback', () => {
  it('proposes the foreign key with its index, measured as an improvement on the shadow', () => {
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
    const record = world.published.proposals[0]!;
    assert.equal(record.changeType, 'ADD_FOREIGN_KEY');
    assert.equal(record.tableName, 'public.orders');
    assert.equal(record.columnName, 'customer_id');
    assert.deepEqual(record.up, [
      'CREATE INDEX CONCURRENTLY "orders_customer_id_idx" ON "public"."orders" USING btree ("customer_id")',
      'ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") NOT VALID',
      'ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey"',
    ]);
    assert.deepEqual(record.down, [
      'ALTER TABLE "public"."orders" DROP CONSTRAINT IF EXISTS "orders_customer_id_fkey"',
      'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_idx"',
    ]);
    assert.match(record.verdict!, /^IMPROVES \(Mann–Whitney U/);
    assert.ok(record.evidence.abImproved! >= 1);
    assert.deepEqual(outcome.skipped.map((s) => [s.changeType, s.reasonCode]), [['CREATE_INDEX', 'ALREADY_INDEXED']]);
  });

  it('is not applied while production holds an orphan row: the precheck (read-only) finds it and the deployment fails untouched', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    await world.productionPool.query(`INSERT INTO orders VALUES (900001, 999999, 'new', 1, '1', now())`);
    const before = await world.snapshot();
    await world.apply(requested.deploymentId);
    const failed = world.published.deployments.at(-1)!;
    assert.equal(failed.step, 'FAILED');
    assert.equal(failed.reason, 'PRECHECK_FAILED: expected no row of orders references a missing customers, which does not hold on production');
    assert.equal((await world.snapshot()).model.version, before.model.version);
    await world.productionPool.query('DELETE FROM orders WHERE id = 900001');
    world.published.deployments.push((await requestSchemaDeployment(world.catalog, requested.proposalId, 'AUTOMATIC'))!);
  });

  it('applies it on production under the automatic policy, then rolls it back to exactly the schema before, losing no row', async () => {
    const requested = world.published.deployments.filter((d) => d.step === 'REQUESTED').at(-1)!;
    assert.equal(requested.policy, 'AUTOMATIC');
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['customers', 'orders', 'events']);
    await world.apply(requested.deploymentId);
    const applied = world.published.deployments.find((d) => d.step === 'APPLIED')!;
    assert.equal(applied.proposalKind, 'SCHEMA');
    const fk = await world.productionPool.query(`SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'`);
    assert.equal(fk.rows[0].convalidated, true);
    await world.apply(requested.deploymentId);
    assert.equal(world.published.deployments.filter((d) => d.step === 'APPLIED').length, 1, 'a redelivered request does nothing');
    const rerun = await world.evolve();
    assert.deepEqual(rerun.proposed, [], 'the relationship is declared now: the next analysis has nothing to propose');
    assert.ok(!rerun.skipped.some((s) => s.changeType === 'ADD_FOREIGN_KEY'));
    const rollback = await world.rollback(requested.deploymentId);
    assert.deepEqual(rollback, { rolledBack: true, differences: [] });
    const after = await world.snapshot();
    assert.equal(after.model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['customers', 'orders', 'events']), sums);
    const last = world.published.deployments.at(-1)!;
    assert.equal(last.step, 'ROLLED_BACK');
    assert.match(last.reason!, /schema diff .* is empty/);
    const status = await world.catalog.query(`SELECT status FROM shadowtune.proposals WHERE proposal_id = $1`, [requested.proposalId]);
    assert.equal(status.rows[0].status, 'ROLLED_BACK');
  });
});
