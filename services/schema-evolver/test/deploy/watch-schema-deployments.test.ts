import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordSignature } from '../../src/catalog/record-signature.js';
import { watchSchemaDeployments } from '../../src/deploy/watch-schema-deployments.js';
import { createLifecycleWorld, profile, signatureOf, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

const WINDOW_MS = 60_000;
const watchSettings = { windowMs: WINDOW_MS, minCalls: 20, regressionFactor: 1.2, alpha: 0.01 };

async function appliedAt(world: LifecycleWorld, deploymentId: string): Promise<number> {
  const row = await world.catalog.query<{ applied_at: Date }>('SELECT applied_at FROM shadowtune.evolver_deployments WHERE deployment_id = $1', [deploymentId]);
  return row.rows[0]!.applied_at.getTime();
}

/** Production observations of one statement around a moment: `count` before it at `beforeMs`, `count` after at `afterMs`. */
async function observe(world: LifecycleWorld, sql: string, relations: string[], at: number, beforeMs: number, afterMs: number, count = 30): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const jitter = 1 + (i % 5) * 0.02;
    await recordSignature(world.catalog, signatureOf({ sql, durationMs: beforeMs * jitter, relations, observedAt: at - WINDOW_MS + 1_000 + i * 100 }));
    await recordSignature(world.catalog, signatureOf({ sql, durationMs: afterMs * jitter, relations, observedAt: at + 1_000 + i * 100 }));
  }
}

describe('staged (ab) policy: expand, watch, switch, watch, verified', () => {
  const lookup = 'SELECT id, total FROM orders WHERE ref::int = $1';
  let world: LifecycleWorld;

  before(async () => {
    world = await createLifecycleWorld({
      sizes: { customers: 100, orders: 40_000, events: 10 },
      workload: Array.from({ length: 40 }, () => signatureOf({ sql: lookup, durationMs: 10, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 40, 0.03)] })),
      overrides: { 'rewriteRuleDeploymentPolicy.mode': 'ab' },
    });
    const outcome = await world.evolve();
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
  });

  after(async () => {
    await world?.close();
  });

  it('applies the expand phase first, switches only after the watch kept it, then verifies', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    assert.equal(requested.policy, 'AB');
    await world.apply(requested.deploymentId);
    const typeOf = async () =>
      (await world.productionPool.query(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'ref'`)).rows[0].t;
    assert.equal(await typeOf(), 'text', 'stage 1 only expands: the application still sees text');
    assert.match(world.published.deployments.at(-1)!.reason!, /stage 1 of 2/);
    const first = await appliedAt(world, requested.deploymentId);
    await observe(world, lookup, ['public.orders'], first, 10, 10);
    assert.equal(await watchSchemaDeployments({ ...world.deps, now: () => first + WINDOW_MS - 1 }, watchSettings), 0, 'nothing is decided before the window ends');
    assert.equal(await watchSchemaDeployments({ ...world.deps, now: () => first + WINDOW_MS + 1 }, watchSettings), 1);
    assert.equal(await typeOf(), 'integer', 'stage 2 switched the column');
    assert.match(world.published.deployments.at(-1)!.reason!, /stage 2 of 2/);
    const second = await appliedAt(world, requested.deploymentId);
    await observe(world, lookup, ['public.orders'], second, 10, 2);
    assert.equal(await watchSchemaDeployments({ ...world.deps, now: () => second + WINDOW_MS + 1 }, watchSettings), 1);
    const last = world.published.deployments.at(-1)!;
    assert.equal(last.step, 'VERIFIED');
    assert.match(last.reason!, /^kept/);
  });
});

describe('automatic rollback on regression', () => {
  const lookup = 'SELECT id, total FROM orders WHERE status = $1 AND customer_id = $2';
  let world: LifecycleWorld;

  before(async () => {
    world = await createLifecycleWorld({
      sizes: { customers: 2_000, orders: 60_000, events: 10 },
      workload: Array.from({ length: 40 }, () =>
        signatureOf({ sql: lookup, durationMs: 9, relations: ['public.orders'], parameters: [profile(1, 'TEXT', 4, 0.4), profile(2, 'INTEGER', 40, 0.03)] }),
      ),
    });
    const outcome = await world.evolve();
    assert.equal(outcome.proposed.length, 1, JSON.stringify(outcome.skipped));
  });

  after(async () => {
    await world?.close();
  });

  it('rolls back a change after which production got slower, and the schema is exactly as before', async () => {
    const requested = world.published.deployments.find((d) => d.step === 'REQUESTED')!;
    const before = await world.snapshot();
    await world.apply(requested.deploymentId);
    const at = await appliedAt(world, requested.deploymentId);
    await observe(world, lookup, ['public.orders'], at, 5, 20);
    assert.equal(await watchSchemaDeployments({ ...world.deps, now: () => at + WINDOW_MS + 1 }, watchSettings), 1);
    const steps = world.published.deployments.filter((d) => d.deploymentId === requested.deploymentId).map((d) => d.step);
    assert.deepEqual(steps, ['REQUESTED', 'APPLIED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK']);
    assert.match(world.published.deployments.at(-2)!.reason!, /^automatic rollback: fingerprint [0-9a-f]+ median [0-9.]+ ms → [0-9.]+ ms \(×[0-9.]+, Mann–Whitney p=/);
    assert.equal((await world.snapshot()).model.version, before.model.version);
    const diff = await world.catalog.query('SELECT rollback_diff, watch_verdict FROM shadowtune.evolver_deployments WHERE deployment_id = $1', [requested.deploymentId]);
    assert.deepEqual(diff.rows[0], { rollback_diff: [], watch_verdict: 'regressed' });
  });
});
