import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { getWorkflow } from '../../src/workflows/get-workflow.js';
import { inTransaction } from '../../src/workflows/in-transaction.js';
import { listWorkflows } from '../../src/workflows/list-workflows.js';
import { startWorkflow, type StartWorkflowRequest } from '../../src/workflows/start-workflow.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from './support/catalog-test-database.js';

const request = (key: string, input: Record<string, string> = { app: 'a' }): StartWorkflowRequest => ({
  kind: 'test-kind',
  idempotencyKey: key,
  input,
  tasks: [
    { taskType: 'first-step', input: { n: 1 }, maxAttempts: 2 },
    { taskType: 'second-step', input: { n: 2 }, maxAttempts: 4 },
  ],
});

describe('startWorkflow', () => {
  let catalog: CatalogTestDatabase;
  before(async () => {
    catalog = await createCatalogTestDatabase();
  });
  after(async () => {
    await catalog.close();
  });

  it('records a pending workflow with its ordered tasks and their idempotency keys', async () => {
    const started = await inTransaction(catalog.pool, (client) => startWorkflow(client, request('key-1')));
    assert.equal(started.created, true);
    const detail = await getWorkflow(catalog.pool, started.workflow.workflowId);
    assert.equal(detail?.status, 'pending');
    assert.deepEqual(
      detail?.tasks.map((t) => [t.position, t.taskType, t.idempotencyKey, t.status, t.attempts, t.maxAttempts]),
      [
        [0, 'first-step', 'key-1/0:first-step', 'pending', 0, 2],
        [1, 'second-step', 'key-1/1:second-step', 'pending', 0, 4],
      ],
    );
  });

  it('returns the existing workflow for the same key and input, and refuses other input under it', async () => {
    const first = await inTransaction(catalog.pool, (client) => startWorkflow(client, request('key-2')));
    const again = await inTransaction(catalog.pool, (client) => startWorkflow(client, request('key-2')));
    assert.equal(again.created, false);
    assert.equal(again.workflow.workflowId, first.workflow.workflowId);
    await assert.rejects(
      inTransaction(catalog.pool, (client) => startWorkflow(client, request('key-2', { app: 'b' }))),
      (e: unknown) => e instanceof ShadowtuneError && e.code === 'CONFLICT',
    );
    const tasks = await catalog.pool.query('SELECT count(*)::int AS n FROM shadowtune.workflow_tasks WHERE workflow_id = $1', [first.workflow.workflowId]);
    assert.equal(tasks.rows[0].n, 2);
  });

  it('starts a key once when many start it at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => inTransaction(catalog.pool, (client) => startWorkflow(client, request('key-3')))));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.workflow.workflowId)).size, 1);
  });

  it('lists workflows newest first, page by page', async () => {
    const page = await listWorkflows(catalog.pool, { limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.next);
    const rest = await listWorkflows(catalog.pool, { limit: 2, after: page.next });
    assert.equal(rest.items.length, 1);
    assert.equal(rest.next, null);
    const all = [...page.items, ...rest.items].map((w) => w.idempotencyKey);
    assert.deepEqual([...all].sort(), ['key-1', 'key-2', 'key-3']);
    assert.equal((await listWorkflows(catalog.pool, { limit: 10, status: 'succeeded' })).items.length, 0);
  });
});
