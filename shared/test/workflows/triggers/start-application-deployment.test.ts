import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ShadowtuneError } from '../../../src/errors/shadowtune-error.js';
import { createPersona } from '../../../src/personas/create-persona.js';
import { createPersonaVersion } from '../../../src/personas/create-persona-version.js';
import { deletePersona } from '../../../src/personas/delete-persona.js';
import { registerBuiltInPersonas } from '../../../src/personas/register-built-in-personas.js';
import { getWorkflow } from '../../../src/workflows/get-workflow.js';
import { startApplicationDeployment } from '../../../src/workflows/triggers/start-application-deployment.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from '../support/catalog-test-database.js';
import { minimalPersona } from '../../personas/support/minimal-persona.js';

const servers = { targetServers: ['default', 'eu'] };
const rejectsWith = (code: string, field?: string) => (error: unknown) =>
  error instanceof ShadowtuneError && error.code === code && (field === undefined || error.context.field === field);

describe('startApplicationDeployment', () => {
  let catalog: CatalogTestDatabase;
  before(async () => {
    catalog = await createCatalogTestDatabase();
    await registerBuiltInPersonas(catalog.pool);
    await createPersona(catalog.pool, minimalPersona());
  });
  after(async () => {
    await catalog.close();
  });

  it('records the application and starts its Persona Creation workflow with the latest persona version', async () => {
    await createPersonaVersion(catalog.pool, 'todo-list', { ...minimalPersona(), description: 'Second version.' });
    const started = await startApplicationDeployment(catalog.pool, { applicationId: 'todo-web', personaId: 'todo-list', requestedBy: 'ci' }, servers);
    assert.deepEqual({ ...started, workflowId: undefined }, { workflowId: undefined, applicationId: 'todo-web', personaId: 'todo-list', personaVersion: 2, databaseName: 'todo_web', created: true });
    const workflow = await getWorkflow(catalog.pool, started.workflowId);
    assert.equal(workflow?.kind, 'new-application-deployment');
    assert.deepEqual(workflow?.tasks.map((t) => [t.taskType, t.input]), [
      ['persona-creation', { applicationId: 'todo-web', personaId: 'todo-list', personaVersion: 2, targetServer: 'default', databaseName: 'todo_web' }],
    ]);
    const application = await catalog.pool.query(`SELECT persona_version, status, workflow_id, requested_by FROM shadowtune.applications WHERE application_id = 'todo-web'`);
    assert.deepEqual(application.rows[0], { persona_version: 2, status: 'requested', workflow_id: started.workflowId, requested_by: 'ci' });
  });

  it('is idempotent per application and refuses a different deployment of it', async () => {
    const first = await startApplicationDeployment(catalog.pool, { applicationId: 'shop', personaId: 'ecommerce-product-catalog', personaVersion: 1 }, servers);
    const again = await startApplicationDeployment(catalog.pool, { applicationId: 'shop', personaId: 'ecommerce-product-catalog' }, servers);
    assert.equal(again.created, false);
    assert.equal(again.workflowId, first.workflowId);
    const concurrent = await Promise.all([1, 2, 3].map(() => startApplicationDeployment(catalog.pool, { applicationId: 'feed', personaId: 'social-activity-feed' }, servers)));
    assert.equal(concurrent.filter((s) => s.created).length, 1);
    await assert.rejects(startApplicationDeployment(catalog.pool, { applicationId: 'shop', personaId: 'social-activity-feed' }, servers), rejectsWith('CONFLICT'));
    await assert.rejects(startApplicationDeployment(catalog.pool, { applicationId: 'shop', personaId: 'ecommerce-product-catalog', targetServer: 'eu' }, servers), rejectsWith('CONFLICT'));
    await assert.rejects(
      startApplicationDeployment(catalog.pool, { applicationId: 'shop-two', personaId: 'ecommerce-product-catalog', databaseName: 'shop' }, servers),
      rejectsWith('CONFLICT', '/databaseName'),
    );
  });

  it('pins the persona: a persona with a deployment cannot be deleted', async () => {
    await assert.rejects(deletePersona(catalog.pool, 'todo-list'), rejectsWith('CONFLICT'));
  });

  it('names the field of an invalid request', async () => {
    const cases: [unknown, string, string][] = [
      [{ applicationId: 'Bad_Name', personaId: 'todo-list' }, 'INPUT_INVALID', '/applicationId'],
      [{ applicationId: 'ok', personaId: 'todo-list', databaseName: 'x; DROP DATABASE y' }, 'INPUT_INVALID', '/databaseName'],
      [{ applicationId: 'ok', personaId: 'todo-list', targetServer: 'mars' }, 'INPUT_INVALID', '/targetServer'],
      [{ applicationId: 'ok', personaId: 'todo-list', extra: 1 }, 'INPUT_INVALID', '/extra'],
      [{ applicationId: 'ok', personaId: 'no-such-persona' }, 'NOT_FOUND', '/personaId'],
      [{ applicationId: 'ok', personaId: 'todo-list', personaVersion: 42 }, 'NOT_FOUND', '/personaVersion'],
    ];
    for (const [request, code, field] of cases) {
      await assert.rejects(startApplicationDeployment(catalog.pool, request, servers), rejectsWith(code, field), JSON.stringify(request));
    }
    const none = await catalog.pool.query(`SELECT 1 FROM shadowtune.applications WHERE application_id = 'ok'`);
    assert.equal(none.rowCount, 0);
  });
});
