import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createMemoryBus } from '@shadowtune/shared/bus/memory-bus';
import { configSchema, type ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import { createDatabases } from '@shadowtune/shared/db/create-databases';
import type { Databases } from '@shadowtune/shared/db/databases';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { createServiceMetrics } from '@shadowtune/shared/service/service-metrics';
import type { RunningService } from '@shadowtune/shared/service/service-definition';
import controlPlane from '../src/index.js';
import { TEST_SERVER_URL, createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';
import { dropDatabase } from '../../../shared/test/workflows/support/drop-database.js';

const TOKEN = 'service-test-token-9c1d';

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Response bodies are asserted field by field; their types are the OpenAPI document's business.
async function bodyOf(response: Response | Promise<Response>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return (await response).json();
}

async function query(databaseName: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${databaseName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('control-plane service', () => {
  const logger = createLogger({ service: 'control-plane', level: 'silent' });
  const bus = createMemoryBus({ logger, serviceName: 'control-plane' });
  const suffix = randomBytes(4).toString('hex');
  const created: string[] = [];
  let catalogDatabase: TestDatabase;
  let databases: Databases;
  let running: RunningService;
  let url = '';
  let printed = '';

  before(async () => {
    catalogDatabase = await createTestDatabase('st_cp');
    const config: ShadowtuneConfig = configSchema.parse({
      connections: { catalog: catalogDatabase.url },
      logLevel: 'silent',
      services: { controlPlane: { host: '127.0.0.1', port: 0, apiToken: TOKEN, targetServers: { local: TEST_SERVER_URL }, workflowPollMs: 100 } },
    });
    databases = createDatabases(config, logger);
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed += String(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      running = await controlPlane.start({ name: 'control-plane', config, logger, bus, databases, metrics: createServiceMetrics('control-plane') });
    } finally {
      process.stdout.write = write;
    }
    url = /listening on (http:\/\/\S+)/.exec(printed)?.[1] ?? '';
  });

  after(async () => {
    await running?.stop();
    await bus.close();
    await databases?.close();
    await catalogDatabase?.drop();
    for (const name of created) await dropDatabase(name);
  });

  it('prints "listening on <url>" once the API answers, with the built-in personas registered', async () => {
    assert.match(printed, /^listening on http:\/\/127\.0\.0\.1:\d+\n$/m);
    const personas = await bodyOf(fetch(`${url}/personas`));
    assert.deepEqual(personas.items.map((p: { personaId: string }) => p.personaId), ['ecommerce-product-catalog', 'iot-sensor-repository', 'social-activity-feed']);
  });

  it('creates a working database for an API call (202, then the workflow succeeds)', async () => {
    const applicationId = `api-shop-${suffix}`;
    created.push(applicationId.replace(/-/g, '_'));
    const response = await fetch(`${url}/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ applicationId, personaId: 'ecommerce-product-catalog', targetServer: 'local' }),
    });
    assert.equal(response.status, 202);
    const { workflowId } = await bodyOf(response);
    const workflow = await until(async () => {
      const detail = await bodyOf(fetch(`${url}/workflows/${workflowId}`));
      return detail.status === 'succeeded' || detail.status === 'failed' ? detail : undefined;
    }, 'the workflow to finish');
    assert.equal(workflow.status, 'succeeded', JSON.stringify(workflow.tasks[0].error));
    assert.equal(workflow.tasks[0].output.database, 'created');
    const application = await bodyOf(fetch(`${url}/applications/${applicationId}`));
    assert.equal(application.status, 'ready');
    const inserted = await query(applicationId.replace(/-/g, '_'), `INSERT INTO brands (name) VALUES ('Acme') RETURNING id`);
    assert.equal(inserted.rowCount, 1);
  });

  it('creates a working database for an app.deployments event', async () => {
    const applicationId = `event-iot-${suffix}`;
    const databaseName = `event_iot_db_${suffix}`;
    created.push(databaseName);
    await bus.publish('app.deployments', applicationId, {
      deploymentEventId: randomUUID(),
      applicationId,
      personaId: 'iot-sensor-repository',
      personaVersion: 1,
      targetServer: 'local',
      databaseName,
      requestedBy: 'deploy-bot',
      requestedAt: Date.now(),
    });
    const application = await until(async () => {
      const response = await fetch(`${url}/applications/${applicationId}`);
      if (response.status !== 200) return undefined;
      const body = await bodyOf(response);
      return body.status === 'ready' ? body : undefined;
    }, 'the application to be ready');
    assert.equal(application.databaseName, databaseName);
    await query(databaseName, `INSERT INTO sites (code, name) VALUES ('HQ', 'Head office')`);
    const readings = await query(databaseName, `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'telemetry.readings'::regclass`);
    assert.equal(readings.rows[0].n, 10);
  });
});
