import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Bus, BusEventOf } from '../../../src/bus/bus.js';
import { createMemoryBus } from '../../../src/bus/memory-bus.js';
import type { ApplicationDeployment, DeadLetter } from '../../../src/contracts/generated-types.js';
import { createLogger } from '../../../src/log/create-logger.js';
import { registerBuiltInPersonas } from '../../../src/personas/register-built-in-personas.js';
import { createWorkflowWorker, type WorkflowWorker } from '../../../src/workflows/create-workflow-worker.js';
import { getWorkflow } from '../../../src/workflows/get-workflow.js';
import { createTaskTypeRegistry } from '../../../src/workflows/task-type-registry.js';
import { createPersonaCreationTaskType } from '../../../src/workflows/tasks/persona-creation-task.js';
import { createApplicationDeploymentHandler } from '../../../src/workflows/triggers/handle-application-deployment-event.js';
import { TEST_SERVER_URL } from '../../../../test/support/postgres/test-database.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from '../support/catalog-test-database.js';
import { dropDatabase } from '../support/drop-database.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function deploymentEvent(applicationId: string, personaId: string): ApplicationDeployment {
  return { deploymentEventId: randomUUID(), applicationId, personaId, personaVersion: null, targetServer: 'local', databaseName: null, requestedBy: 'ci-pipeline', requestedAt: Date.now() };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('New Application Deployment event (app.deployments)', () => {
  let catalog: CatalogTestDatabase;
  let bus: Bus;
  let worker: WorkflowWorker;
  const databases: string[] = [];
  const deadLetters: DeadLetter[] = [];

  before(async () => {
    catalog = await createCatalogTestDatabase();
    await registerBuiltInPersonas(catalog.pool);
    bus = createMemoryBus({ logger, serviceName: 'control-plane' });
    const registry = createTaskTypeRegistry([createPersonaCreationTaskType({ catalog: catalog.pool, resolveServerUrl: (name) => (name === 'local' ? TEST_SERVER_URL : null) })]);
    worker = createWorkflowWorker({ pool: catalog.pool, registry, logger, pollMs: 200 });
    worker.start();
    await bus.subscribe({
      groupId: 'control-plane',
      topics: ['app.deployments'],
      handler: createApplicationDeploymentHandler({ catalog: catalog.pool, targetServers: ['local'], logger, onStarted: () => worker.wake() }),
      retry: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    await bus.subscribe({ groupId: 'observer', topics: ['dead.letters'], handler: async (event) => void deadLetters.push((event as BusEventOf<'dead.letters'>).value) });
  });
  after(async () => {
    await worker.stop();
    await bus.close();
    await catalog.close();
    for (const name of databases) await dropDatabase(name);
  });

  it('creates a working database from the persona the event names', async () => {
    const applicationId = `feed-${randomBytes(4).toString('hex')}`;
    databases.push(applicationId.replace(/-/g, '_'));
    const event = deploymentEvent(applicationId, 'social-activity-feed');
    await bus.publish('app.deployments', applicationId, event);
    // The same event delivered again (at-least-once) must not start a second workflow.
    await bus.publish('app.deployments', applicationId, event);
    const workflowId = await until(async () => {
      const row = await catalog.pool.query<{ workflow_id: string; status: string }>(
        `SELECT a.workflow_id, w.status FROM shadowtune.applications a JOIN shadowtune.workflows w USING (workflow_id) WHERE a.application_id = $1`,
        [applicationId],
      );
      return row.rows[0]?.status === 'succeeded' ? row.rows[0].workflow_id : undefined;
    }, 'the persona creation workflow to succeed');
    const workflows = await catalog.pool.query(`SELECT count(*)::int AS n FROM shadowtune.workflows WHERE input->>'applicationId' = $1`, [applicationId]);
    assert.equal(workflows.rows[0].n, 1);
    assert.equal((await getWorkflow(catalog.pool, workflowId))?.tasks[0]?.attempts, 1);

    // The database works: the application's own statements run against its persona schema.
    const url = new URL(TEST_SERVER_URL);
    url.pathname = `/${applicationId.replace(/-/g, '_')}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const user = await client.query(`INSERT INTO users (handle, display_name) VALUES ('ada', 'Ada') RETURNING id`);
      await client.query(`INSERT INTO posts (author_id, body) VALUES ($1, 'first post')`, [user.rows[0].id]);
      const timeline = await client.query('SELECT body FROM posts WHERE author_id = $1 AND created_at < now() + interval \'1 minute\' ORDER BY created_at DESC LIMIT 20', [user.rows[0].id]);
      assert.deepEqual(timeline.rows, [{ body: 'first post' }]);
      await assert.rejects(client.query(`INSERT INTO follows (follower_id, followee_id) VALUES ($1, $1)`, [user.rows[0].id]), /follows_not_self/);
    } finally {
      await client.end();
    }
  });

  it('dead-letters an event naming an unknown persona, with the reason, and keeps consuming', async () => {
    await bus.publish('app.deployments', 'ghost', deploymentEvent('ghost', 'no-such-persona'));
    const letter = await until(async () => deadLetters.find((d) => d.originalTopic === 'app.deployments'), 'a dead letter');
    assert.equal(letter.errorCode, 'NOT_FOUND');
    assert.equal(letter.retriable, false);
    assert.match(letter.reason, /persona no-such-persona does not exist/);
    const ghost = await catalog.pool.query(`SELECT 1 FROM shadowtune.applications WHERE application_id = 'ghost'`);
    assert.equal(ghost.rowCount, 0);
  });
});
