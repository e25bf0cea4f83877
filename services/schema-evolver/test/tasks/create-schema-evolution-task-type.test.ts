import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { createWorkflowWorker } from '@shadowtune/shared/workflows/create-workflow-worker';
import { getWorkflow } from '@shadowtune/shared/workflows/get-workflow';
import { createTaskTypeRegistry } from '@shadowtune/shared/workflows/task-type-registry';
import { SCHEMA_EVOLUTION_TASK } from '@shadowtune/shared/workflows/tasks/schema-evolution-task';
import pg from 'pg';
import { createLocalReplayer } from '../../src/shadow/create-local-replayer.js';
import { startSchemaEvolutionWorkflow } from '../../src/start-schema-evolution-workflow.js';
import { createSchemaEvolutionTaskType } from '../../src/tasks/create-schema-evolution-task-type.js';
import { TEST_SERVER_URL } from '../../../../test/support/postgres/test-database.js';
import { createLifecycleWorld, logger, profile, signatureOf, type LifecycleWorld } from '../support/schema-change-lifecycle.js';

let world: LifecycleWorld;
let introspection: pg.Pool;

before(async () => {
  world = await createLifecycleWorld({
    sizes: { customers: 100, orders: 20_000, events: 10 },
    workload: [
      ...Array.from({ length: 20 }, () =>
        signatureOf({ sql: 'SELECT id, total FROM orders WHERE priority = $1', durationMs: 2, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 3, 0.5)] }),
      ),
      ...Array.from({ length: 3 }, () => signatureOf({ sql: 'SELECT id FROM orders WHERE status = $1 AND total > $2', durationMs: 30, relations: ['public.orders'] })),
    ],
    overrides: { 'rewriteRuleDeploymentPolicy.mode': 'manual' },
  });
  introspection = new pg.Pool({ connectionString: world.production.url, max: 1, options: '-c default_transaction_read_only=on' });
});

after(async () => {
  await introspection?.end();
  await world?.close();
});

describe('the Schema Evolution task on the workflow engine', () => {
  it('runs as the schema-evolution task type of a durable workflow, once per interval', async () => {
    const published: string[] = [];
    const registry = createTaskTypeRegistry([
      createSchemaEvolutionTaskType({
        catalog: world.catalog,
        config: world.config,
        loadModel: () => introspectSchema(introspection),
        production: world.deps.reader,
        shadow: { serverUrl: TEST_SERVER_URL, template: world.templateName },
        replayer: createLocalReplayer(),
        publishProposal: async (record) => void published.push(record.proposalId),
        publishDeployment: world.deps.publish,
        now: Date.now,
        logger,
      }),
    ]);
    assert.deepEqual(registry.types(), [SCHEMA_EVOLUTION_TASK]);
    const now = Date.now();
    const started = await startSchemaEvolutionWorkflow(world.catalog, now, 3_600_000);
    assert.equal(started.created, true);
    assert.equal((await startSchemaEvolutionWorkflow(world.catalog, now + 1, 3_600_000)).created, false, 'one workflow per interval');
    const worker = createWorkflowWorker({ pool: world.catalog, registry, logger, pollMs: 50 });
    assert.equal(await worker.runOnce(), true);
    const workflow = await getWorkflow(world.catalog, started.workflowId);
    assert.equal(workflow?.status, 'succeeded');
    const output = workflow!.tasks[0]!.output as { proposed: { changeType: string }[]; skipped: { changeType: string; reasonCode: string }[]; deploymentsRequested: number };
    assert.deepEqual(output.proposed.map((p) => p.changeType), ['ADD_COLUMN']);
    assert.deepEqual(output.skipped.map((s) => [s.changeType, s.reasonCode]), [['CREATE_INDEX', 'BELOW_MIN_CALLS']]);
    assert.equal(output.deploymentsRequested, 0, 'manual policy: nothing is deployed without approval');
    assert.equal(published.length, 1);
    const skips = await world.catalog.query('SELECT change_type, reason_code FROM shadowtune.evolver_skips WHERE analysis_id LIKE $1', ['schema-evolution:%']);
    assert.deepEqual(skips.rows, [{ change_type: 'CREATE_INDEX', reason_code: 'BELOW_MIN_CALLS' }]);
  });

  it('records and publishes a proposal once, however often the analysis runs again', async () => {
    const again = await world.evolve();
    assert.deepEqual(again.proposed.map((p) => [p.changeType, p.created]), [['ADD_COLUMN', false]]);
    assert.equal(world.published.proposals.length, 0, 'not published again');
    const rows = await world.catalog.query(`SELECT count(*)::int AS n FROM shadowtune.proposals`);
    assert.equal(rows.rows[0].n, 1);
  });
});
