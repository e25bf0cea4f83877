import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

describe('/workflows over HTTP', () => {
  let api: TestApi;
  const ids: string[] = [];
  before(async () => {
    api = await startTestApi();
    for (const applicationId of ['app-one', 'app-two', 'app-three']) {
      const accepted = await api.request('POST', '/applications', { body: { applicationId, personaId: 'iot-sensor-repository', targetServer: 'local' } });
      ids.push(accepted.body.workflowId);
    }
  });
  after(async () => {
    await api.close();
  });

  it('lists workflows newest first, filtered and paginated', async () => {
    const first = await api.request('GET', '/workflows?limit=2');
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.items.map((w: { workflowId: string }) => w.workflowId), [ids[2], ids[1]]);
    const second = await api.request('GET', `/workflows?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((w: { workflowId: string }) => w.workflowId), [ids[0]]);
    assert.equal(second.body.nextCursor, null);
    assert.equal((await api.request('GET', '/workflows?status=pending')).body.items.length, 3);
    assert.equal((await api.request('GET', '/workflows?status=succeeded')).body.items.length, 0);
    const badStatus = await api.request('GET', '/workflows?status=done');
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.error.fields[0].path, 'querystring/status');
  });

  it('shows a workflow with its tasks, and 400/404 for bad or unknown ids', async () => {
    const detail = await api.request('GET', `/workflows/${ids[0]}`);
    assert.equal(detail.body.status, 'pending');
    assert.deepEqual(detail.body.tasks.map((t: { taskType: string; status: string; attemptLog: unknown[] }) => [t.taskType, t.status, t.attemptLog.length]), [['persona-creation', 'pending', 0]]);
    assert.equal((await api.request('GET', '/workflows/not-a-uuid')).status, 400);
    assert.equal((await api.request('GET', '/workflows/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('retries only failed workflows (409 otherwise) and only with the token', async () => {
    assert.equal((await api.request('POST', `/workflows/${ids[0]}/retry`)).status, 409);
    assert.equal((await api.request('POST', `/workflows/${ids[0]}/retry`, { token: null })).status, 401);
    await api.catalog.pool.query(`UPDATE shadowtune.workflow_tasks SET status = 'failed', attempts = 5, finished_at = now() WHERE workflow_id = $1`, [ids[0]]);
    await api.catalog.pool.query(`UPDATE shadowtune.workflows SET status = 'failed' WHERE workflow_id = $1`, [ids[0]]);
    const retried = await api.request('POST', `/workflows/${ids[0]}/retry`);
    assert.equal(retried.status, 202);
    assert.equal(retried.body.requeuedTasks, 1);
    assert.equal((await api.request('GET', `/workflows/${ids[0]}`)).body.tasks[0].status, 'pending');
  });
});
