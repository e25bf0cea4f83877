import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { registerBuiltInPersonas } from '../../src/personas/register-built-in-personas.js';
import { getWorkflow } from '../../src/workflows/get-workflow.js';
import { inTransaction } from '../../src/workflows/in-transaction.js';
import { startWorkflow } from '../../src/workflows/start-workflow.js';
import { startApplicationDeployment } from '../../src/workflows/triggers/start-application-deployment.js';
import { TEST_SERVER_URL } from '../../../test/support/postgres/test-database.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from './support/catalog-test-database.js';
import { dropDatabase } from './support/drop-database.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));
const LEASE_MS = 1_500;
/** Every worker process started, so that a failing test cannot leave one running. */
const children: ChildProcess[] = [];

interface Worker {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function spawnWorker(catalogUrl: string, block: boolean): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, CATALOG_URL: catalogUrl, TARGET_SERVER_URL: TEST_SERVER_URL, LEASE_MS: String(LEASE_MS), BLOCK: block ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of [...listeners]) listener();
  });
  return {
    child,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line === undefined) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker did not print ${pattern} within ${timeoutMs} ms (saw: ${lines.join(' | ')})`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

async function killHard(worker: Worker): Promise<void> {
  const exited = once(worker.child, 'exit');
  worker.child.kill('SIGKILL');
  await exited;
}

async function stopGracefully(worker: Worker): Promise<void> {
  const exited = once(worker.child, 'exit');
  worker.child.kill('SIGTERM');
  await exited;
}

async function waitForStatus(catalog: CatalogTestDatabase, workflowId: string, status: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await getWorkflow(catalog.pool, workflowId))?.status !== status) {
    if (Date.now() > deadline) throw new Error(`workflow ${workflowId} did not reach ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a workflow survives kill -9 of its worker mid-task', () => {
  let catalog: CatalogTestDatabase;
  const databases: string[] = [];
  before(async () => {
    catalog = await createCatalogTestDatabase();
    await catalog.pool.query('CREATE TABLE crash_probe_effects (idempotency_key text PRIMARY KEY, attempt integer NOT NULL, pid integer NOT NULL)');
    await registerBuiltInPersonas(catalog.pool);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await catalog.close();
    for (const name of databases) await dropDatabase(name);
  });

  it('resumes the task in another process after the lease expires and completes it exactly once', async () => {
    const started = await inTransaction(catalog.pool, (client) =>
      startWorkflow(client, { kind: 'crash-test', idempotencyKey: 'crash-1', input: {}, tasks: [{ taskType: 'crash-probe', input: {}, maxAttempts: 3 }] }),
    );
    const workflowId = started.workflow.workflowId;
    const first = spawnWorker(catalog.url, true);
    await first.waitFor(/^STARTED crash-probe 1$/);
    await killHard(first);
    const orphaned = (await getWorkflow(catalog.pool, workflowId))!.tasks[0]!;
    assert.equal(orphaned.status, 'running', 'the killed worker left its task running under its lease');
    assert.equal(orphaned.leaseOwner, `pid-${first.child.pid}`);

    const second = spawnWorker(catalog.url, false);
    try {
      await second.waitFor(/^STARTED crash-probe 2$/);
      await waitForStatus(catalog, workflowId, 'succeeded');
    } finally {
      await stopGracefully(second);
    }
    const task = (await getWorkflow(catalog.pool, workflowId))!.tasks[0]!;
    assert.deepEqual(task.output, { completedBy: second.child.pid, attempt: 2 });
    assert.deepEqual(task.attemptLog.map((a) => [a.attempt, a.workerId, a.outcome]), [
      [1, `pid-${first.child.pid}`, 'lease-lost'],
      [2, `pid-${second.child.pid}`, 'succeeded'],
    ]);
    const effects = await catalog.pool.query('SELECT attempt, pid FROM crash_probe_effects');
    assert.deepEqual(effects.rows, [{ attempt: 1, pid: first.child.pid }], 'the effect exists once, from the first attempt');
  });

  it('creates the application database after the worker is killed between CREATE DATABASE and the schema', async () => {
    const applicationId = `crash-app-${randomBytes(4).toString('hex')}`;
    const databaseName = applicationId.replace(/-/g, '_');
    databases.push(databaseName);
    const deployment = await startApplicationDeployment(catalog.pool, { applicationId, personaId: 'iot-sensor-repository', targetServer: 'local' }, { targetServers: ['local'] });
    const first = spawnWorker(catalog.url, true);
    await first.waitFor(/^STEP database-created$/);
    await killHard(first);

    const second = spawnWorker(catalog.url, false);
    try {
      await waitForStatus(catalog, deployment.workflowId, 'succeeded');
    } finally {
      await stopGracefully(second);
    }
    const task = (await getWorkflow(catalog.pool, deployment.workflowId))!.tasks[0]!;
    assert.equal(task.attempts, 2);
    assert.deepEqual(task.attemptLog.map((a) => a.outcome), ['lease-lost', 'succeeded']);
    const output = task.output as { database: string; schema: string; databaseName: string };
    assert.deepEqual([output.database, output.schema, output.databaseName], ['already-existed', 'applied', databaseName]);
    const application = await catalog.pool.query('SELECT status FROM shadowtune.applications WHERE application_id = $1', [applicationId]);
    assert.equal(application.rows[0].status, 'ready');

    const url = new URL(TEST_SERVER_URL);
    url.pathname = `/${databaseName}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const marker = await client.query('SELECT application_id FROM shadowtune_persona.applied_persona');
      assert.deepEqual(marker.rows, [{ application_id: applicationId }]);
      await client.query(`INSERT INTO sites (code, name) VALUES ('HQ', 'Head office')`);
      const partitions = await client.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'telemetry.readings'::regclass`);
      assert.equal(partitions.rows[0].n, 10);
    } finally {
      await client.end();
    }
  });
});
