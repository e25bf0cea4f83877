import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { createLogger } from '../../src/log/create-logger.js';
import { claimNextTask } from '../../src/workflows/claim-next-task.js';
import { createWorkflowWorker } from '../../src/workflows/create-workflow-worker.js';
import { getWorkflow } from '../../src/workflows/get-workflow.js';
import { inTransaction } from '../../src/workflows/in-transaction.js';
import { retryWorkflow } from '../../src/workflows/retry-workflow.js';
import { startWorkflow } from '../../src/workflows/start-workflow.js';
import type { TaskContext, TaskType } from '../../src/workflows/task-type.js';
import { createTaskTypeRegistry } from '../../src/workflows/task-type-registry.js';
import { SCHEMA_EVOLUTION_TASK } from '../../src/workflows/tasks/schema-evolution-task.js';
import type { JsonValue } from '../../src/workflows/workflow-records.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from './support/catalog-test-database.js';

const logger = createLogger({ service: 'workflow-test', level: 'silent' });
const fastBackoff = { initialMs: 20, maxMs: 100, jitter: 0 };

function taskType(type: string, run: (context: TaskContext) => Promise<JsonValue>, maxAttempts = 3): TaskType {
  return { type, maxAttempts, backoff: fastBackoff, run };
}

async function start(catalog: CatalogTestDatabase, key: string, tasks: { taskType: string; maxAttempts?: number; input?: JsonValue }[]): Promise<string> {
  const started = await inTransaction(catalog.pool, (client) =>
    startWorkflow(client, { kind: 'test', idempotencyKey: key, input: { key }, tasks: tasks.map((t) => ({ taskType: t.taskType, input: t.input ?? {}, maxAttempts: t.maxAttempts ?? 3 })) }),
  );
  return started.workflow.workflowId;
}

/** Runs the worker until nothing is runnable now, waiting out backoffs up to `timeoutMs`. */
async function drain(worker: { runOnce(): Promise<boolean> }, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('workflow did not settle in time');
    if (!(await worker.runOnce())) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const settled = (catalog: CatalogTestDatabase, workflowId: string) => async () => {
  const status = (await getWorkflow(catalog.pool, workflowId))?.status;
  return status === 'succeeded' || status === 'failed';
};

describe('createWorkflowWorker', () => {
  let catalog: CatalogTestDatabase;
  before(async () => {
    catalog = await createCatalogTestDatabase();
  });
  after(async () => {
    await catalog.close();
  });

  it('runs a task, records its output once and succeeds the workflow', async () => {
    const registry = createTaskTypeRegistry([taskType('echo', async (ctx) => ({ echoed: ctx.input, attempt: ctx.attempt }))]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger, workerId: 'w-echo' });
    const workflowId = await start(catalog, 'echo-1', [{ taskType: 'echo', input: { hello: 'world' } }]);
    await drain(worker, settled(catalog, workflowId));
    const detail = await getWorkflow(catalog.pool, workflowId);
    assert.equal(detail?.status, 'succeeded');
    assert.ok(detail?.finishedAt);
    const task = detail!.tasks[0]!;
    assert.deepEqual(task.output, { echoed: { hello: 'world' }, attempt: 1 });
    assert.equal(task.leaseOwner, null);
    assert.deepEqual(task.attemptLog.map((a) => [a.attempt, a.workerId, a.outcome]), [[1, 'w-echo', 'succeeded']]);
  });

  it('retries retriable errors with growing backoff, then succeeds', async () => {
    let calls = 0;
    const registry = createTaskTypeRegistry([
      taskType('flaky', async () => {
        calls += 1;
        if (calls < 3) throw new ShadowtuneError('DB_UNAVAILABLE', `server restarting (call ${calls})`);
        return { calls };
      }),
    ]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger });
    const workflowId = await start(catalog, 'flaky-1', [{ taskType: 'flaky', maxAttempts: 5 }]);
    assert.equal(await worker.runOnce(), true);
    // After a retriable failure the task is pending again, due one backoff (20 ms) after the failure.
    const afterFirst = await catalog.pool.query(
      `SELECT t.status, t.attempts, (extract(epoch FROM t.next_attempt_at - a.finished_at) * 1000)::float8 AS backoff_ms, t.error->>'code' AS code
         FROM shadowtune.workflow_tasks AS t JOIN shadowtune.workflow_task_attempts AS a ON a.task_id = t.task_id AND a.attempt = 1
        WHERE t.workflow_id = $1`,
      [workflowId],
    );
    assert.deepEqual(afterFirst.rows[0], { status: 'pending', attempts: 1, backoff_ms: 20, code: 'DB_UNAVAILABLE' });
    await drain(worker, settled(catalog, workflowId));
    const task = (await getWorkflow(catalog.pool, workflowId))!.tasks[0]!;
    assert.equal(task.status, 'succeeded');
    assert.deepEqual(task.attemptLog.map((a) => a.outcome), ['retry', 'retry', 'succeeded']);
    assert.equal(task.attemptLog[0]!.error?.code, 'DB_UNAVAILABLE');
    // Delays between attempts follow 20 ms then 40 ms (measured by the database clock; lower bounds only).
    const gaps = await catalog.pool.query<{ gap_ms: number }>(
      `SELECT extract(epoch FROM started_at - lag(finished_at) OVER (ORDER BY attempt)) * 1000 AS gap_ms
         FROM shadowtune.workflow_task_attempts WHERE task_id = $1 ORDER BY attempt`,
      [task.taskId],
    );
    assert.ok(gaps.rows[1]!.gap_ms >= 20 && gaps.rows[2]!.gap_ms >= 40, JSON.stringify(gaps.rows));
  });

  it('fails at once on a non-retriable error, and on a plain Error (a bug), recording no SQL', async () => {
    const registry = createTaskTypeRegistry([
      taskType('refused', async () => {
        throw new ShadowtuneError('DB_QUERY_FAILED', 'relation missing', { sql: 'SELECT secret FROM t', params: ['p'] });
      }),
      taskType('buggy', async () => {
        throw new TypeError('x is undefined');
      }),
    ]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger });
    const refused = await start(catalog, 'refused-1', [{ taskType: 'refused', maxAttempts: 5 }]);
    const buggy = await start(catalog, 'buggy-1', [{ taskType: 'buggy', maxAttempts: 5 }]);
    await drain(worker, async () => (await settled(catalog, refused)()) && (await settled(catalog, buggy)()));
    for (const [workflowId, code] of [[refused, 'DB_QUERY_FAILED'], [buggy, 'INTERNAL']] as const) {
      const detail = (await getWorkflow(catalog.pool, workflowId))!;
      assert.equal(detail.status, 'failed');
      assert.equal(detail.tasks[0]!.attempts, 1);
      assert.deepEqual(detail.tasks[0]!.error, { code, message: code === 'INTERNAL' ? 'x is undefined' : 'relation missing', retriable: false });
    }
    const raw = await catalog.pool.query(`SELECT error::text AS e FROM shadowtune.workflow_tasks WHERE workflow_id = $1`, [refused]);
    assert.doesNotMatch(raw.rows[0].e, /secret/);
  });

  it('fails a task whose retriable errors use up its attempts, and retries it on request', async () => {
    let healthy = false;
    const registry = createTaskTypeRegistry([
      taskType('always-down', async () => {
        if (!healthy) throw new ShadowtuneError('DB_UNAVAILABLE', 'still down');
        return 'up';
      }),
    ]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger });
    const workflowId = await start(catalog, 'down-1', [{ taskType: 'always-down', maxAttempts: 2 }]);
    await drain(worker, settled(catalog, workflowId));
    const failed = (await getWorkflow(catalog.pool, workflowId))!;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.tasks[0]!.attemptLog.map((a) => a.outcome), ['retry', 'failed']);
    healthy = true;
    assert.equal(await retryWorkflow(catalog.pool, workflowId, 1), 1);
    await drain(worker, settled(catalog, workflowId));
    const retried = (await getWorkflow(catalog.pool, workflowId))!;
    assert.equal(retried.status, 'succeeded');
    assert.deepEqual(retried.tasks[0]!.attemptLog.map((a) => a.outcome), ['retry', 'failed', 'succeeded']);
    await assert.rejects(retryWorkflow(catalog.pool, workflowId), (e: unknown) => e instanceof ShadowtuneError && e.code === 'CONFLICT');
  });

  it('runs tasks in order, and leaves task types nobody registered (schema evolution) pending', async () => {
    const order: string[] = [];
    const registry = createTaskTypeRegistry([
      taskType('step-a', async () => (order.push('a'), 'a')),
      taskType('step-b', async () => (order.push('b'), 'b')),
    ]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger });
    const ordered = await start(catalog, 'ordered-1', [{ taskType: 'step-a' }, { taskType: 'step-b' }]);
    const blocked = await start(catalog, 'blocked-1', [{ taskType: SCHEMA_EVOLUTION_TASK }, { taskType: 'step-b' }]);
    await drain(worker, settled(catalog, ordered));
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(await worker.runOnce(), false, 'step-b of the blocked workflow waits for schema-evolution');
    const detail = (await getWorkflow(catalog.pool, blocked))!;
    assert.deepEqual(detail.tasks.map((t) => t.status), ['pending', 'pending']);
    assert.equal(detail.status, 'pending');
    await catalog.pool.query('DELETE FROM shadowtune.workflows WHERE workflow_id = $1', [blocked]);
  });

  it('fences a worker that lost its lease: the task completes once, by the new holder', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstSawAbort = false;
    const slowRegistry = createTaskTypeRegistry([
      taskType('slow', async (ctx) => {
        if (ctx.attempt === 1) {
          ctx.signal.addEventListener('abort', () => (firstSawAbort = true));
          await firstMayFinish;
        }
        return { by: ctx.attempt };
      }),
    ]);
    // A heartbeats less often than its lease lasts, as a worker stalled by a long pause would:
    // between its heartbeats the lease is expired and B may take the task over.
    const workerA = createWorkflowWorker({ pool: catalog.pool, registry: slowRegistry, logger, workerId: 'w-a', leaseMs: 100, heartbeatMs: 400 });
    const workerB = createWorkflowWorker({ pool: catalog.pool, registry: slowRegistry, logger, workerId: 'w-b', leaseMs: 60_000 });
    const workflowId = await start(catalog, 'fenced-1', [{ taskType: 'slow' }]);
    const runningA = workerA.runOnce();
    try {
      const deadline = Date.now() + 20_000;
      // B starts once A holds the task, so that A runs attempt 1.
      while ((await catalog.pool.query(`SELECT 1 FROM shadowtune.workflow_tasks WHERE workflow_id = $1 AND lease_owner = 'w-a'`, [workflowId])).rowCount === 0) {
        assert.ok(Date.now() < deadline, 'A never claimed the task');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      while (!(await workerB.runOnce())) {
        assert.ok(Date.now() < deadline, 'B never took the task over');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      while (!firstSawAbort) {
        assert.ok(Date.now() < deadline, 'A was not told it lost the lease');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      releaseFirst();
      await runningA;
    }
    const task = (await getWorkflow(catalog.pool, workflowId))!.tasks[0]!;
    assert.equal(task.status, 'succeeded');
    assert.deepEqual(task.output, { by: 2 });
    assert.deepEqual(task.attemptLog.map((a) => [a.workerId, a.outcome]), [['w-a', 'lease-lost'], ['w-b', 'succeeded']]);
  });

  it('fails a task whose workers keep dying once no attempt is left', async () => {
    const registry = createTaskTypeRegistry([taskType('doomed', async () => 'never reached', 1)]);
    const workflowId = await start(catalog, 'doomed-1', [{ taskType: 'doomed', maxAttempts: 1 }]);
    const claimed = await claimNextTask(catalog.pool, { workerId: 'w-dead', taskTypes: ['doomed'], leaseMs: 1 });
    assert.ok(claimed);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger });
    assert.equal(await worker.runOnce(), false);
    const detail = (await getWorkflow(catalog.pool, workflowId))!;
    assert.equal(detail.status, 'failed');
    assert.equal(detail.tasks[0]!.error?.code, 'WORKFLOW_TASK_FAILED');
    assert.deepEqual(detail.tasks[0]!.attemptLog.map((a) => a.outcome), ['lease-lost']);
  });

  it('polls in the background, wakes on demand and stops after its in-flight task', async () => {
    const registry = createTaskTypeRegistry([taskType('bg', async () => 'ok')]);
    const worker = createWorkflowWorker({ pool: catalog.pool, registry, logger, pollMs: 60_000 });
    worker.start();
    let workflowId: string;
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      workflowId = await start(catalog, 'bg-1', [{ taskType: 'bg' }]);
      worker.wake();
      const deadline = Date.now() + 10_000;
      while (!(await settled(catalog, workflowId)())) {
        assert.ok(Date.now() < deadline, 'the woken worker did not run the task');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop();
    }
    assert.equal((await getWorkflow(catalog.pool, workflowId))?.status, 'succeeded');
  });
});
