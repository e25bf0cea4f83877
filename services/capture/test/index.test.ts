import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DeadLetter, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { runServices, type RunningServices } from '@shadowtune/shared/service/run-services';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';
import capture from '../src/index.js';
import { fixture } from './support/fixture.js';
import { freePort } from './support/free-port.js';
import { waitUntil } from './support/wait-until.js';

describe('capture service (wiring on the memory bus)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-capture-service-'));
  let database: TestDatabase;
  let admin: pg.Client;
  let services: RunningServices;
  let port: number;
  const signatures: QuerySignature[] = [];
  const deadLetters: DeadLetter[] = [];

  before(async () => {
    database = await createTestDatabase('st_capture_service');
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('CREATE TABLE fake_pgss (userid oid, dbid oid, toplevel bool, queryid bigint, query text, calls bigint, total_exec_time float8, rows bigint)');
    await admin.query("INSERT INTO fake_pgss VALUES (10, 1, true, 1, 'SELECT * FROM orders WHERE id = $1', 10, 5, 10)");
    const logPath = join(dir, 'postgresql.log');
    writeFileSync(logPath, fixture('pg18-default.stderr'));
    port = await freePort();
    const config = configSchema.parse({
      logLevel: 'silent',
      connections: { production: database.url },
      services: {
        capture: {
          logFiles: [{ path: logPath, format: 'stderr', prefix: '%m [%p] %q%u@%d ', mode: 'follow' }],
          checkpointDir: join(dir, 'checkpoints'),
          followPollIntervalMs: 20,
          http: { enabled: true, host: '127.0.0.1', port },
          rawTopic: { enabled: true },
          pgStatStatements: { enabled: true, pollIntervalMs: 1_000, relation: 'fake_pgss' },
        },
      },
    });
    services = await runServices({ config, definitions: [capture], processName: 'capture', health: false, logger: createLogger({ service: 'capture', level: 'silent' }) });
    await services.bus.subscribe({ groupId: 'test-signatures', topics: ['query.signatures'], handler: async (event) => void signatures.push(event.value) });
    await services.bus.subscribe({ groupId: 'test-dead-letters', topics: ['dead.letters'], handler: async (event) => void deadLetters.push(event.value) });
  });

  after(async () => {
    await services.shutdown();
    await admin.end();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes query.signatures from every configured input through the bus (Avro-encoded by the adapter)', async () => {
    await waitUntil(() => signatures.some((signature) => signature.source === 'LOG_STDERR'), 'records of the followed log file');
    const jsonlog = fixture('pg15-session-prefix.jsonl').toString('utf8');
    await services.bus.publishRaw('query.events.raw', null, Buffer.from(jsonlog));
    const response = await fetch(`http://127.0.0.1:${port}/v1/events`, { method: 'POST', body: jsonlog });
    assert.equal(response.status, 200);
    await admin.query('UPDATE fake_pgss SET calls = 13, total_exec_time = 6.5, rows = 13');
    await waitUntil(() => ['KAFKA_RAW', 'HTTP', 'PG_STAT_STATEMENTS'].every((source) => signatures.some((signature) => signature.source === source)), 'records of the raw topic, HTTP and pg_stat_statements', 15_000);
    const pgss = signatures.find((signature) => signature.source === 'PG_STAT_STATEMENTS');
    assert.deepEqual([pgss?.normalizedSql, pgss?.calls], ['SELECT * FROM orders WHERE id = $1', 3]);
    await services.bus.publishRaw('query.events.raw', null, Buffer.from("not json 'ann@example.com'"));
    await waitUntil(() => deadLetters.length > 0, 'the dead letter of the bad raw event');
    assert.equal(deadLetters[0]?.value, null);
    assert.equal(deadLetters[0]?.originalTopic, 'query.events.raw');
  });
});
