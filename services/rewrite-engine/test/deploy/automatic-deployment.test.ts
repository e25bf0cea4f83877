import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import type { DeploymentEvent, QuerySignature, RewriteProposal, RewriteRule } from '@shadowtune/shared/contracts/generated-types';
import { createDeployer, type Deployer } from '@shadowtune/shared/db/create-deployer';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { deploymentStore } from '../../src/catalog/deployment-store.js';
import { latencyStore } from '../../src/catalog/latency-store.js';
import { proposalStore } from '../../src/catalog/proposal-store.js';
import { ruleStore } from '../../src/catalog/rule-store.js';
import { withAdvisoryLock } from '../../src/catalog/with-advisory-lock.js';
import { deploymentIdOf } from '../../src/deploy/apply-deployment.js';
import { deployByPolicy } from '../../src/deploy/deploy-by-policy.js';
import type { DeployDeps } from '../../src/deploy/deploy-deps.js';
import { watchDeployments } from '../../src/deploy/watch-deployments.js';
import { handleDeploymentEvent } from '../../src/handle-deployment-event.js';
import { handleSignature } from '../../src/handle-signature.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let production: TestDatabase;
let catalogDb: TestDatabase;
let catalog: pg.Pool;
let owner: pg.Client;
let deployer: Deployer;
const events: DeploymentEvent[] = [];
const rules: RewriteRule[] = [];
let clock = Date.UTC(2025, 0, 1, 12, 0, 0);

before(async () => {
  production = await createTestDatabase('st_prod_deploy');
  catalogDb = await createTestDatabase('st_catalog_deploy');
  owner = new pg.Client({ connectionString: production.url });
  await owner.connect();
  await owner.query(`CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL);
    INSERT INTO orders SELECT g, g % 500, 'new' FROM generate_series(1, 5000) g;
    CREATE INDEX orders_status_idx ON orders (status);`);
  catalog = new pg.Pool({ connectionString: catalogDb.url, max: 4 });
  const client = await catalog.connect();
  try {
    await runMigrations(client);
  } finally {
    client.release();
  }
  deployer = await createDeployer({ url: production.url, lockTimeoutMs: 2_000, statementTimeoutMs: 60_000 });
});

after(async () => {
  await deployer?.close();
  await catalog?.end();
  await owner?.end();
  await production?.drop();
  await catalogDb?.drop();
});

function deps(): DeployDeps {
  return {
    proposals: proposalStore(catalog),
    deployments: deploymentStore(catalog),
    rules: ruleStore(catalog),
    latency: latencyStore(catalog),
    deployer: async () => deployer,
    publishDeployment: async (event) => {
      events.push(event);
    },
    publishRule: async (rule) => {
      rules.push(rule);
    },
    withLock: (key, work) => withAdvisoryLock(catalog, key, work),
    watch: { windowMs: 15 * 60_000, minCalls: 20, regressionFactor: 1.2 },
    now: () => clock,
    logger: createLogger({ service: 'rewrite-engine-test', level: 'silent' }),
  };
}

function indexProposal(id: string, sql: string, rollbackSql: string, kind: RewriteProposal['kind'] = 'INDEX'): RewriteProposal {
  return {
    proposalId: id,
    kind,
    status: 'PENDING',
    sql,
    rollbackSql,
    fingerprints: ['fp-orders-by-customer'],
    findingIds: ['finding-1'],
    tables: ['public.orders'],
    evidence: [{ fingerprint: 'fp-orders-by-customer', parameterClass: 'TAIL', baselineMs: 12, candidateMs: 0.2, speedup: 60, baselineP95Ms: 14, candidateP95Ms: 0.3, baselineTimedOut: false, guard: false, planChanged: true }],
    planBefore: null,
    planAfter: null,
    datasetId: 'ds-1',
    writeCost: 1.1,
    confidence: 0.9,
    rationale: 'test',
    createdAt: clock,
    replaces: [],
    serves: null,
  };
}

async function indexState(name: string): Promise<{ exists: boolean; valid: boolean }> {
  const result = await owner.query<{ valid: boolean }>(`SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1`, [name]);
  return { exists: result.rows.length > 0, valid: result.rows[0]?.valid ?? false };
}

function signature(observedAt: number, durationMs: number): QuerySignature {
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    fingerprint: 'fp-orders-by-customer',
    normalizedSql: 'SELECT * FROM orders WHERE customer_id = $1',
    statementKind: 'SELECT',
    relations: ['public.orders'],
    parsed: true,
    flags: [],
    source: 'LOG_STDERR',
    sourcePosition: null,
    observedAt,
    calls: 1,
    samplingWeight: 1,
    durationMs,
    totalDurationMs: null,
    rows: null,
    tags: { database: null, user: null, application: null, client: null, session: null, comment: {} },
    parameters: [],
    plan: null,
  };
}

const POLICY_AUTOMATIC = { mode: 'automatic' as const, abTrafficShare: 0.1 };

describe('automatic deployment on production, watch and rollback', () => {
  const proposal = indexProposal('ix_customer', 'CREATE INDEX CONCURRENTLY "orders_customer_id_idx" ON "public"."orders" ("customer_id")', 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_idx"');
  const deploymentId = deploymentIdOf('automatic', 'ix_customer');

  it('builds the index with the deployer role, verifies it, records and publishes every step', async () => {
    const stored = await proposalStore(catalog).upsert(proposal);
    assert.equal(await deployByPolicy(deps(), stored, POLICY_AUTOMATIC), 'applied');
    assert.deepEqual(await indexState('orders_customer_id_idx'), { exists: true, valid: true });
    assert.deepEqual(events.map((e) => `${e.step}/${e.policy}`), ['REQUESTED/AUTOMATIC', 'APPLIED/AUTOMATIC', 'VERIFIED/AUTOMATIC']);
    assert.deepEqual(events[1]!.statements, [proposal.sql]);
    assert.ok(events.every((e) => e.deploymentId === deploymentId));
    assert.deepEqual((await deploymentStore(catalog).steps(deploymentId)).map((s) => s.step), ['REQUESTED', 'APPLIED', 'VERIFIED']);
    assert.equal((await proposalStore(catalog).get('ix_customer'))!.status, 'APPLIED');
    assert.deepEqual(await deploymentStore(catalog).watchOf(deploymentId), { verdict: 'watching' });
  });

  it('applies a redelivered proposal once', async () => {
    const before = events.length;
    // The same record delivered again (still PENDING in the copy), and the stored one.
    assert.equal(await deployByPolicy(deps(), proposal, POLICY_AUTOMATIC), 'already-applied');
    assert.equal(await deployByPolicy(deps(), (await proposalStore(catalog).get('ix_customer'))!, POLICY_AUTOMATIC), 'already-applied');
    // Its REQUESTED event coming back on the deployments topic, twice.
    const requested = events.find((e) => e.step === 'REQUESTED')!;
    await handleDeploymentEvent(requested, deps());
    await handleDeploymentEvent(requested, deps());
    assert.equal(events.length, before, 'no new step');
    const rows = await catalog.query('SELECT count(*)::int AS n FROM shadowtune.deployments WHERE proposal_id = $1', ['ix_customer']);
    assert.equal(rows.rows[0].n, 1);
    assert.deepEqual(await indexState('orders_customer_id_idx'), { exists: true, valid: true });
  });

  it('rolls back automatically when production latency regresses after the change', async () => {
    const appliedAt = events.find((e) => e.step === 'APPLIED')!.at;
    const watched = await proposalStore(catalog).watchedFingerprints();
    assert.ok(watched.has('fp-orders-by-customer'));
    const latency = latencyStore(catalog);
    for (let i = 0; i < 30; i += 1) assert.equal(await handleSignature(signature(appliedAt - 5 * 60_000 + i * 1_000, 2), watched, latency), true);
    clock = appliedAt + 60_000;
    assert.deepEqual((await watchDeployments(deps())).rolledBack, [], 'no calls after the change yet: still watching');
    // Injected regression: the same statement is now ten times slower in production.
    for (let i = 0; i < 30; i += 1) await handleSignature(signature(appliedAt + 30_000 + i * 500, 20), watched, latency);
    assert.equal(await handleSignature({ ...signature(appliedAt + 31_000, 20), fingerprint: 'not-watched' }, watched, latency), false);
    clock = appliedAt + 2 * 60_000;
    const round = await watchDeployments(deps());
    assert.deepEqual(round.rolledBack, [deploymentId]);
    assert.deepEqual(await indexState('orders_customer_id_idx'), { exists: false, valid: false });
    const tail = events.slice(-2);
    assert.deepEqual(tail.map((e) => e.step), ['ROLLBACK_REQUESTED', 'ROLLED_BACK']);
    assert.match(tail[0]!.reason ?? '', /automatic rollback: production latency of fp-orders-by-customer went from 2\.00 ms to 20\.00 ms/);
    assert.deepEqual(tail[1]!.statements, [proposal.rollbackSql]);
    assert.equal((await proposalStore(catalog).get('ix_customer'))!.status, 'ROLLED_BACK');
    assert.deepEqual(await deploymentStore(catalog).watchOf(deploymentId), { verdict: 'regressed' });
    // Redelivered rollback request and another watch round change nothing; the proposal is not redeployed.
    const count = events.length;
    await handleDeploymentEvent(tail[0]!, deps());
    assert.equal((await watchDeployments(deps())).checked, 0);
    assert.equal(await deployByPolicy(deps(), proposal, POLICY_AUTOMATIC), 'already-applied');
    assert.equal(events.length, count);
  });

  it('never deploys an index removal or anything under the manual policy without approval', async () => {
    const drop = await proposalStore(catalog).upsert(
      indexProposal('dx_status', 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_idx"', 'CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders USING btree (status)', 'DROP_INDEX'),
    );
    assert.equal(await deployByPolicy(deps(), drop, POLICY_AUTOMATIC), 'not-deployable');
    const manual = await proposalStore(catalog).upsert(indexProposal('ix_manual', 'CREATE INDEX CONCURRENTLY "orders_status_id_idx" ON "public"."orders" ("status", "id")', 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_id_idx"'));
    assert.equal(await deployByPolicy(deps(), manual, { mode: 'manual', abTrafficShare: 0.1 }), 'pending-approval');
    assert.equal((await indexState('orders_status_id_idx')).exists, false);
    assert.equal((await indexState('orders_status_idx')).exists, true);
  });

  it('under the ab policy, activates a rewrite rule for the configured share and withdraws it on rollback', async () => {
    const rewrite = await proposalStore(catalog).upsert({
      ...indexProposal('rw_1', 'SELECT id FROM orders WHERE customer_id = $1 UNION SELECT id FROM orders WHERE status = $2', 'SELECT id FROM orders WHERE customer_id = $1 OR status = $2', 'REWRITE'),
      fingerprints: ['fp-or'],
    });
    assert.equal(await deployByPolicy(deps(), rewrite, { mode: 'ab', abTrafficShare: 0.25 }), 'applied');
    assert.deepEqual(rules.map((r) => `${r.action}:${r.trafficShare}:${r.fingerprint}`), ['ACTIVATE:0.25:fp-or']);
    const id = deploymentIdOf('ab', 'rw_1');
    const { rollbackDeployment } = await import('../../src/deploy/rollback-deployment.js');
    assert.equal(await rollbackDeployment(deps(), id, 'operator'), 'rolled-back');
    assert.deepEqual(rules.map((r) => r.action), ['ACTIVATE', 'WITHDRAW']);
    assert.equal((await ruleStore(catalog).get('rule_rw_1'))!.action, 'WITHDRAW');
  });
});
