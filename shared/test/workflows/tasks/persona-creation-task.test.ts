import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../src/log/create-logger.js';
import { registerBuiltInPersonas } from '../../../src/personas/register-built-in-personas.js';
import { createWorkflowWorker, type WorkflowWorker } from '../../../src/workflows/create-workflow-worker.js';
import { getWorkflow } from '../../../src/workflows/get-workflow.js';
import { inTransaction } from '../../../src/workflows/in-transaction.js';
import { startWorkflow } from '../../../src/workflows/start-workflow.js';
import { createTaskTypeRegistry } from '../../../src/workflows/task-type-registry.js';
import { PERSONA_CREATION_TASK, createPersonaCreationTaskType } from '../../../src/workflows/tasks/persona-creation-task.js';
import type { JsonValue, WorkflowDetail } from '../../../src/workflows/workflow-records.js';
import { TEST_SERVER_URL } from '../../../../test/support/postgres/test-database.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from '../support/catalog-test-database.js';
import { databaseExists, dropDatabase } from '../support/drop-database.js';

describe('Persona Creation task', () => {
  let catalog: CatalogTestDatabase;
  let worker: WorkflowWorker;
  const databases: string[] = [];

  before(async () => {
    catalog = await createCatalogTestDatabase();
    await registerBuiltInPersonas(catalog.pool);
    const registry = createTaskTypeRegistry([createPersonaCreationTaskType({ catalog: catalog.pool, resolveServerUrl: (name) => (name === 'local' ? TEST_SERVER_URL : null) })]);
    worker = createWorkflowWorker({ pool: catalog.pool, registry, logger: createLogger({ service: 'test', level: 'silent' }) });
  });
  after(async () => {
    await catalog.close();
    for (const name of databases) await dropDatabase(name);
  });

  async function run(key: string, input: JsonValue): Promise<WorkflowDetail> {
    const started = await inTransaction(catalog.pool, (client) =>
      startWorkflow(client, { kind: 'test', idempotencyKey: key, input: {}, tasks: [{ taskType: PERSONA_CREATION_TASK, input, maxAttempts: 3 }] }),
    );
    while (await worker.runOnce()) {
      // run until nothing is runnable
    }
    return (await getWorkflow(catalog.pool, started.workflow.workflowId))!;
  }

  it('creates the database from the recorded persona version and records what it did', async () => {
    const databaseName = `st_task_${randomBytes(4).toString('hex')}`;
    databases.push(databaseName);
    await catalog.pool.query(
      `INSERT INTO shadowtune.applications (application_id, persona_id, persona_version, target_server, database_name) VALUES ('shop', 'ecommerce-product-catalog', 1, 'local', $1)`,
      [databaseName],
    );
    const detail = await run('task-ok', { applicationId: 'shop', personaId: 'ecommerce-product-catalog', personaVersion: 1, targetServer: 'local', databaseName });
    assert.equal(detail.status, 'succeeded');
    const output = detail.tasks[0]!.output as Record<string, unknown>;
    assert.equal(output.database, 'created');
    assert.equal(output.schema, 'applied');
    assert.equal(output.personaId, 'ecommerce-product-catalog');
    assert.equal(output.targetServer, 'local');
    assert.ok(await databaseExists(databaseName));
    const application = await catalog.pool.query(`SELECT status FROM shadowtune.applications WHERE application_id = 'shop'`);
    assert.equal(application.rows[0].status, 'ready');
  });

  it('fails without retrying on an unknown server, an unknown persona version or malformed input', async () => {
    const cases: [string, JsonValue, string][] = [
      ['task-server', { applicationId: 'a', personaId: 'ecommerce-product-catalog', personaVersion: 1, targetServer: 'elsewhere', databaseName: 'a' }, 'CONFIG_INVALID'],
      ['task-version', { applicationId: 'a', personaId: 'ecommerce-product-catalog', personaVersion: 9, targetServer: 'local', databaseName: 'a' }, 'NOT_FOUND'],
      ['task-input', { applicationId: 'a', personaId: 'ecommerce-product-catalog' }, 'INPUT_INVALID'],
    ];
    for (const [key, input, code] of cases) {
      const detail = await run(key, input);
      assert.equal(detail.status, 'failed', key);
      assert.equal(detail.tasks[0]!.attempts, 1, key);
      assert.equal(detail.tasks[0]!.error?.code, code, key);
    }
  });
});
