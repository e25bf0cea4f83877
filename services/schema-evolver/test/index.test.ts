import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import type { DeploymentEvent, SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { runServices, type RunningServices } from '@shadowtune/shared/service/run-services';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { requestRollback } from '@shadowtune/control-plane/catalog/request-rollback';
import schemaEvolver from '../src/index.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../../test/support/postgres/test-database.js';
import { createCatalogDatabase } from './support/catalog-database.js';
import { profile, signatureOf } from './support/schema-change-lifecycle.js';
import { createShopDatabase, type ShopDatabase } from './support/shop-database.js';

let shop: ShopDatabase;
let shadow: TestDatabase;
let catalog: Awaited<ReturnType<typeof createCatalogDatabase>>;
let services: RunningServices;
const template = `st_evolver_template_${process.pid}`;
const proposals: SchemaChangeProposal[] = [];
const deployments: DeploymentEvent[] = [];

async function waitFor(predicate: () => Promise<boolean> | boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

before(async () => {
  [shop, shadow, catalog] = await Promise.all([createShopDatabase({ customers: 100, orders: 20_000, events: 10 }, 'st_evolver_svc'), createTestDatabase('st_evolver_shadow'), createCatalogDatabase()]);
  // The shadow template: a copy of production's schema and rows nobody keeps a session on.
  await shop.pool.end();
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdentifier(template)} TEMPLATE ${quoteIdentifier(shop.database.name)}`).finally(() => admin.end());
  const config = configSchema.parse({
    logLevel: 'silent',
    rewriteRuleDeploymentPolicy: { mode: 'automatic' },
    connections: { production: shop.database.url, catalog: catalog.database.url, shadow: shadow.url },
    services: {
      schemaEvolver: {
        analysis: { intervalMs: 1_000 },
        abTest: { shadowTemplateDatabase: template, runsPerFingerprint: 10, warmupRuns: 1 },
        watch: { intervalMs: 200 },
      },
    },
  });
  services = await runServices({ config, definitions: [schemaEvolver], processName: 'schema-evolver', health: false, logger: createLogger({ service: 'schema-evolver', level: 'silent' }) });
  await services.bus.subscribe({ groupId: 'test-proposals', topics: ['schema.proposals'], handler: async (event) => void proposals.push(event.value) });
  await services.bus.subscribe({ groupId: 'test-deployments', topics: ['deployments'], handler: async (event) => void deployments.push(event.value) });
});

after(async () => {
  await services?.shutdown();
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`).finally(() => admin.end());
  await Promise.all([shop?.database.drop(), shadow?.drop(), catalog?.close()]);
});

test('signatures in; the Schema Evolution workflow proposes on schema.proposals; the automatic policy applies it; a rollback request restores the schema', async () => {
  const signatures = Array.from({ length: 20 }, () =>
    signatureOf({ sql: 'SELECT id, total FROM orders WHERE priority = $1', durationMs: 2, relations: ['public.orders'], parameters: [profile(1, 'INTEGER', 3, 0.5)] }),
  );
  for (const signature of signatures) await services.bus.publish('query.signatures', signature.fingerprint, signature);
  await services.bus.publish('query.signatures', signatures[0]!.fingerprint, signatures[0]!);
  await waitFor(async () => (await catalog.pool.query('SELECT calls FROM shadowtune.evolver_workload')).rows[0]?.calls === 20, 'the workload, each event counted once');
  await waitFor(() => deployments.some((d) => d.step === 'APPLIED'), 'the automatic deployment');
  assert.deepEqual(proposals.map((p) => [p.changeType, p.tableName, p.columnName]), [['ADD_COLUMN', 'public.orders', 'priority']]);
  assert.match(proposals[0]!.verdict!, /^IMPROVES/);
  const production = new pg.Client({ connectionString: shop.database.url });
  await production.connect();
  try {
    const column = await production.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'priority'`);
    assert.equal(column.rowCount, 1);
    const applied = deployments.find((d) => d.step === 'APPLIED')!;
    const rollback = await requestRollback(catalog.pool, applied.deploymentId, { reason: 'test', requestedBy: 'test' });
    await services.bus.publish('deployments', applied.proposalId, rollback.event);
    await waitFor(() => deployments.some((d) => d.step === 'ROLLED_BACK'), 'the rollback');
    const gone = await production.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'priority'`);
    assert.equal(gone.rowCount, 0);
  } finally {
    await production.end();
  }
  const workflows = await catalog.pool.query(`SELECT status FROM shadowtune.workflows WHERE kind = 'schema-evolution' ORDER BY created_at LIMIT 1`);
  assert.equal(workflows.rows[0].status, 'succeeded');
});
