import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

describe('/applications over HTTP (New Application Deployment)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(async () => {
    await api.close();
  });

  it('answers 202 with the workflow id, and the same id for the same request', async () => {
    const body = { applicationId: 'shop-web', personaId: 'ecommerce-product-catalog', targetServer: 'local', requestedBy: 'ci' };
    const accepted = await api.request('POST', '/applications', { body });
    assert.equal(accepted.status, 202);
    assert.match(accepted.body.workflowId, /^[0-9a-f-]{36}$/);
    assert.equal(accepted.headers.get('location'), `/workflows/${accepted.body.workflowId}`);
    assert.deepEqual({ ...accepted.body, workflowId: 'x' }, { workflowId: 'x', applicationId: 'shop-web', personaId: 'ecommerce-product-catalog', personaVersion: 1, databaseName: 'shop_web', created: true });
    const again = await api.request('POST', '/applications', { body });
    assert.equal(again.status, 202);
    assert.equal(again.body.workflowId, accepted.body.workflowId);
    assert.equal(again.body.created, false);
    const workflow = await api.request('GET', `/workflows/${accepted.body.workflowId}`);
    assert.equal(workflow.status, 200);
    assert.equal(workflow.body.kind, 'new-application-deployment');
    assert.equal(workflow.body.tasks[0].taskType, 'persona-creation');
  });

  it('refuses a conflicting deployment (409) and names the field of an invalid one', async () => {
    const conflict = await api.request('POST', '/applications', { body: { applicationId: 'shop-web', personaId: 'social-activity-feed', targetServer: 'local' } });
    assert.equal(conflict.status, 409);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ applicationId: 'Shop Web', personaId: 'ecommerce-product-catalog', targetServer: 'local' }, 400, 'body/applicationId'],
      [{ applicationId: 'shop-2', personaId: 'ecommerce-product-catalog', targetServer: 'mars' }, 400, 'body/targetServer'],
      [{ applicationId: 'shop-2', personaId: 'ecommerce-product-catalog', targetServer: 'local', databaseName: 'x"; DROP' }, 400, 'body/databaseName'],
      [{ applicationId: 'shop-2', targetServer: 'local' }, 400, 'body/personaId'],
      [{ applicationId: 'shop-2', personaId: 'no-such-persona', targetServer: 'local' }, 404, 'body/personaId'],
    ];
    for (const [body, status, path] of cases) {
      const response = await api.request('POST', '/applications', { body });
      assert.equal(response.status, status, JSON.stringify(body));
      assert.ok(response.body.error.fields.some((f: { path: string }) => f.path === path), `${path} in ${JSON.stringify(response.body.error)}`);
    }
  });

  it('lists applications and shows one with its workflow status', async () => {
    await api.request('POST', '/applications', { body: { applicationId: 'feed-web', personaId: 'social-activity-feed', targetServer: 'local' } });
    const page = await api.request('GET', '/applications?limit=1');
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((a: { applicationId: string }) => a.applicationId), ['feed-web']);
    const rest = await api.request('GET', `/applications?limit=1&cursor=${page.body.nextCursor}`);
    assert.deepEqual(rest.body.items.map((a: { applicationId: string }) => a.applicationId), ['shop-web']);
    const one = await api.request('GET', '/applications/shop-web');
    assert.equal(one.body.status, 'requested');
    assert.equal(one.body.workflowStatus, 'pending');
    assert.equal((await api.request('GET', '/applications/nothing-here')).status, 404);
  });
});
