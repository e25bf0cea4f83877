import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

describe('/deployments over HTTP', () => {
  let api: TestApi;
  let deploymentId: string;
  before(async () => {
    api = await startTestApi();
    const record = { proposalId: 'p-1', sql: 'CREATE INDEX CONCURRENTLY "a_b_idx" ON "public"."a" ("b")', rollbackSql: 'DROP INDEX CONCURRENTLY "public"."a_b_idx"' };
    await api.catalog.pool.query(
      `INSERT INTO shadowtune.proposals (proposal_id, source, kind, status, rationale, record, created_at) VALUES ('p-1', 'rewrite', 'INDEX', 'PENDING', 'r', $1, now())`,
      [JSON.stringify(record)],
    );
    const approved = await api.request('POST', '/proposals/p-1/approve', { body: {} });
    deploymentId = approved.body.deployment.deploymentId;
  });
  after(async () => {
    await api.close();
  });

  it('lists deployments and shows one with its steps', async () => {
    const page = await api.request('GET', '/deployments?step=REQUESTED');
    assert.deepEqual(page.body.items.map((d: { deploymentId: string }) => d.deploymentId), [deploymentId]);
    assert.equal((await api.request('GET', '/deployments?step=APPLIED')).body.items.length, 0);
    const shown = await api.request('GET', `/deployments/${deploymentId}`);
    assert.deepEqual(shown.body.steps.map((s: { step: string }) => s.step), ['REQUESTED']);
    assert.equal((await api.request('GET', '/deployments/nope')).status, 404);
  });

  it('refuses to roll back a deployment that is not applied (409), or without a reason (400) or token (401)', async () => {
    assert.equal((await api.request('POST', `/deployments/${deploymentId}/rollback`, { body: { reason: 'regression' } })).status, 409);
    const noReason = await api.request('POST', `/deployments/${deploymentId}/rollback`, { body: {} });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error.fields[0].path, 'body/reason');
    assert.equal((await api.request('POST', `/deployments/${deploymentId}/rollback`, { body: { reason: 'x' }, token: null })).status, 401);
  });

  it('requests the rollback of an applied deployment (202) with the rollback statements, idempotently', async () => {
    // As the deployer records it once the change is live.
    await api.catalog.pool.query(`UPDATE shadowtune.deployments SET step = 'APPLIED', updated_at = now() WHERE deployment_id = $1`, [deploymentId]);
    const before = api.deploymentEvents.length;
    const requested = await api.request('POST', `/deployments/${deploymentId}/rollback`, { body: { reason: 'p95 doubled', requestedBy: 'oncall' } });
    assert.equal(requested.status, 202);
    assert.equal(requested.body.requestedNow, true);
    assert.equal(requested.body.deployment.step, 'ROLLBACK_REQUESTED');
    const deadline = Date.now() + 5_000;
    while (api.deploymentEvents.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const event = api.deploymentEvents[api.deploymentEvents.length - 1]!;
    assert.deepEqual([event.step, event.statements, event.reason], ['ROLLBACK_REQUESTED', ['DROP INDEX CONCURRENTLY "public"."a_b_idx"'], 'rollback requested by oncall: p95 doubled']);
    const again = await api.request('POST', `/deployments/${deploymentId}/rollback`, { body: { reason: 'p95 doubled' } });
    assert.equal(again.status, 202);
    assert.equal(again.body.requestedNow, false);
    const shown = await api.request('GET', `/deployments/${deploymentId}`);
    assert.deepEqual(shown.body.steps.map((s: { step: string }) => s.step), ['REQUESTED', 'ROLLBACK_REQUESTED']);
  });
});
