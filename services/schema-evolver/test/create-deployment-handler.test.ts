import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryBus } from '@shadowtune/shared/bus/memory-bus';
import type { Bus } from '@shadowtune/shared/bus/bus';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import { approveProposal } from '@shadowtune/control-plane/catalog/approve-proposal';
import { requestRollback } from '@shadowtune/control-plane/catalog/request-rollback';
import { createDeploymentHandler } from '../src/create-deployment-handler.js';
import { createLifecycleWorld, logger, profile, signatureOf, tableChecksums, type LifecycleWorld } from './support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let bus: Bus;
const seen: DeploymentEvent[] = [];

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(predicate(), `timed out waiting for ${what}`);
}

before(async () => {
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 20_000, events: 10 },
    workload: Array.from({ length: 20 }, () =>
      signatureOf({ sql: 'SELECT id, total FROM orders WHERE priority = $1', durationMs: 2, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 3, 0.5)] }),
    ),
    overrides: { 'rewriteRuleDeploymentPolicy.mode': 'manual' },
  });
  await world.evolve();
  bus = createMemoryBus({ logger });
  const publish = (event: DeploymentEvent) => bus.publish('deployments', event.proposalId, event);
  await bus.subscribe({
    groupId: 'schema-evolver-deployments',
    topics: ['deployments'],
    handler: createDeploymentHandler({ catalog: world.catalog, deps: { ...world.deps, publish }, publish, logger }),
  });
  await bus.subscribe({
    groupId: 'observer',
    topics: ['deployments'],
    handler: async (event) => {
      seen.push(event.value);
    },
  });
});

after(async () => {
  await bus?.close();
  await world?.close();
});

describe('manual policy through the deployments topic', () => {
  it('leaves the proposal pending: nothing is deployed before someone approves it', async () => {
    assert.equal(world.published.proposals.length, 1);
    assert.deepEqual(world.published.deployments, []);
    const status = await world.catalog.query('SELECT status FROM shadowtune.proposals');
    assert.deepEqual(status.rows, [{ status: 'PENDING' }]);
  });

  it('applies the migration when the control plane approves it, once even if the request is delivered twice, and rolls it back on request', async () => {
    const proposalId = world.published.proposals[0]!.proposalId;
    const before = await world.snapshot();
    const sums = await tableChecksums(world.productionPool, ['orders']);
    const approved = await approveProposal(world.catalog, proposalId, { decidedBy: 'alice', reason: 'looks right' });
    assert.equal(approved.event.proposalKind, 'SCHEMA');
    assert.equal(approved.event.policy, 'MANUAL');
    await bus.publish('deployments', proposalId, approved.event);
    await until(() => seen.some((e) => e.step === 'APPLIED'), 'APPLIED');
    await bus.publish('deployments', proposalId, approved.event);
    await until(() => seen.filter((e) => e.step === 'REQUESTED').length === 2, 'the redelivered request');
    const column = await world.productionPool.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'priority'`);
    assert.equal(column.rowCount, 1);
    const rollback = await requestRollback(world.catalog, approved.deployment.deploymentId, { reason: 'changed my mind', requestedBy: 'alice' });
    await bus.publish('deployments', proposalId, rollback.event);
    await until(() => seen.some((e) => e.step === 'ROLLED_BACK'), 'ROLLED_BACK');
    assert.deepEqual(
      seen.map((e) => e.step),
      ['REQUESTED', 'APPLIED', 'REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK'],
    );
    assert.equal((await world.snapshot()).model.version, before.model.version);
    assert.deepEqual(await tableChecksums(world.productionPool, ['orders']), sums);
  });

  it('ends a request FAILED with the reason when no deployer is configured, and ignores other kinds of proposal', async () => {
    const handler = createDeploymentHandler({ catalog: world.catalog, deps: null, publish: async (event) => void seen.push(event), logger });
    const proposalId = world.published.proposals[0]!.proposalId;
    await world.catalog.query(`UPDATE shadowtune.proposals SET status = 'PENDING', decided_at = NULL WHERE proposal_id = $1`, [proposalId]);
    const approved = await approveProposal(world.catalog, proposalId, { decidedBy: 'bob', reason: null });
    const count = seen.length;
    await handler({ topic: 'deployments', key: proposalId, value: { ...approved.event, proposalKind: 'INDEX' }, partition: 0, offset: '0', timestamp: 0, headers: {} });
    assert.equal(seen.length, count, 'an INDEX deployment is the rewrite-engine’s');
    await handler({ topic: 'deployments', key: proposalId, value: approved.event, partition: 0, offset: '1', timestamp: 0, headers: {} });
    assert.equal(seen.at(-1)!.step, 'FAILED');
    assert.match(seen.at(-1)!.reason!, /no production connection is configured/);
  });
});
