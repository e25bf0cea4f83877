import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Proposals as the rewrite-engine and schema-evolver record them (their published records).
const indexProposal = {
  proposalId: 'p-index-1',
  kind: 'INDEX',
  status: 'PENDING',
  sql: 'CREATE INDEX CONCURRENTLY "orders_customer_idx" ON "public"."orders" ("customer_id")',
  rollbackSql: 'DROP INDEX CONCURRENTLY "public"."orders_customer_idx"',
  fingerprints: ['fp1'],
  evidence: [{ fingerprint: 'fp1', parameterClass: 'HEAVY_HITTER', baselineMs: 120, candidateMs: 2, speedup: 60 }],
  confidence: 0.95,
  rationale: 'Lookups of orders by customer scan the table.',
};
const schemaProposal = {
  proposalId: 'p-schema-1',
  changeType: 'ADD_COLUMN',
  tableName: 'public.orders',
  up: ['ALTER TABLE "public"."orders" ADD COLUMN "channel" text'],
  down: ['ALTER TABLE "public"."orders" DROP COLUMN "channel"'],
  rationale: 'Every order query reads channel from a JSON attribute.',
};

describe('/proposals over HTTP', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    const insert = `INSERT INTO shadowtune.proposals (proposal_id, source, kind, status, rationale, record, created_at) VALUES ($1, $2, $3, $4, $5, $6, now() - $7 * interval '1 minute')`;
    await api.catalog.pool.query(insert, ['p-index-1', 'rewrite', 'INDEX', 'PENDING', indexProposal.rationale, JSON.stringify(indexProposal), 3]);
    await api.catalog.pool.query(insert, ['p-schema-1', 'schema', 'ADD_COLUMN', 'PENDING', schemaProposal.rationale, JSON.stringify(schemaProposal), 2]);
    await api.catalog.pool.query(insert, ['p-advisory-1', 'rewrite', 'DROP_INDEX', 'ADVISORY', 'An unused index.', JSON.stringify({ proposalId: 'p-advisory-1' }), 1]);
  });
  after(async () => {
    await api.close();
  });

  it('lists proposals newest first, by status, page by page', async () => {
    const all = await api.request('GET', '/proposals?limit=2');
    assert.deepEqual(all.body.items.map((p: { proposalId: string }) => p.proposalId), ['p-advisory-1', 'p-schema-1']);
    const rest = await api.request('GET', `/proposals?limit=2&cursor=${all.body.nextCursor}`);
    assert.deepEqual(rest.body.items.map((p: { proposalId: string }) => p.proposalId), ['p-index-1']);
    const pending = await api.request('GET', '/proposals?status=PENDING');
    assert.deepEqual(pending.body.items.map((p: { proposalId: string }) => p.proposalId), ['p-schema-1', 'p-index-1']);
  });

  it('shows a proposal with its evidence', async () => {
    const shown = await api.request('GET', '/proposals/p-index-1');
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.record.evidence, indexProposal.evidence);
    assert.equal(shown.body.record.rollbackSql, indexProposal.rollbackSql);
    assert.deepEqual(shown.body.deployments, []);
    assert.equal((await api.request('GET', '/proposals/p-none')).status, 404);
  });

  it('approves: records the decision, requests a deployment and publishes it; approving again republishes the same one', async () => {
    const approved = await api.request('POST', '/proposals/p-index-1/approve', { body: { decidedBy: 'dba@example.com', reason: 'reviewed the plans' } });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.approvedNow, true);
    assert.equal(approved.body.proposal.status, 'APPROVED');
    assert.equal(approved.body.proposal.decidedBy, 'dba@example.com');
    const deployment = approved.body.deployment;
    assert.deepEqual([deployment.step, deployment.policy, deployment.proposalKind, deployment.statements], ['REQUESTED', 'MANUAL', 'INDEX', [indexProposal.sql]]);
    await waitFor(() => api.deploymentEvents.length === 1, 'the deployment event');
    assert.deepEqual(
      { ...api.deploymentEvents[0]!, at: 0 },
      { deploymentId: deployment.deploymentId, proposalId: 'p-index-1', proposalKind: 'INDEX', step: 'REQUESTED', policy: 'MANUAL', statements: [indexProposal.sql], reason: 'approved by dba@example.com: reviewed the plans', trafficShare: null, at: 0 },
    );
    const again = await api.request('POST', '/proposals/p-index-1/approve', { body: {} });
    assert.equal(again.status, 200);
    assert.equal(again.body.approvedNow, false);
    assert.equal(again.body.deployment.deploymentId, deployment.deploymentId);
    await waitFor(() => api.deploymentEvents.length === 2, 'the republished event');
    assert.equal(api.deploymentEvents[1]!.deploymentId, deployment.deploymentId);
    const schema = await api.request('POST', '/proposals/p-schema-1/approve', { body: {} });
    assert.deepEqual([schema.body.deployment.proposalKind, schema.body.deployment.statements], ['SCHEMA', schemaProposal.up]);
    assert.equal((await api.request('POST', '/proposals/p-advisory-1/approve', { body: {} })).status, 409);
    assert.equal((await api.request('POST', '/proposals/p-none/approve', { body: {} })).status, 404);
  });

  it('rejects with a reason (400 without one), and refuses to reject an approved proposal', async () => {
    await api.catalog.pool.query(
      `INSERT INTO shadowtune.proposals (proposal_id, source, kind, status, rationale, record, created_at) VALUES ('p-index-2', 'rewrite', 'INDEX', 'PENDING', 'x', '{}', now())`,
    );
    const missing = await api.request('POST', '/proposals/p-index-2/reject', { body: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.fields[0].path, 'body/reason');
    const rejected = await api.request('POST', '/proposals/p-index-2/reject', { body: { reason: 'write amplification too high', decidedBy: 'dba' } });
    assert.equal(rejected.status, 200);
    assert.deepEqual([rejected.body.status, rejected.body.decisionReason], ['REJECTED', 'write amplification too high']);
    assert.equal((await api.request('POST', '/proposals/p-index-1/reject', { body: { reason: 'changed my mind' } })).status, 409);
    assert.equal((await api.request('POST', '/proposals/p-index-2/reject', { body: { reason: 'x' }, token: 'wrong-token-123456' })).status, 401);
  });
});
