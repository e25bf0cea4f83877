import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { BusEvent } from '../../shared/src/bus/bus.js';
import { createKafkaBus } from '../../shared/src/bus/kafka-bus.js';
import { createLogger } from '../../shared/src/log/create-logger.js';
import { spawnShadowtune, type SpawnedShadowtune } from '../support/cli/spawn-shadowtune.js';
import { startTestBroker, type TestBroker } from '../support/kafka-broker/test-broker.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database.js';
import { startTestSchemaRegistry, type TestSchemaRegistry } from '../support/schema-registry/test-schema-registry.js';

// Distributed mode end to end: capture and signature-analyzer each run as their own OS
// process (`shadowtune service …`), exchanging Avro events in the Confluent wire format
// through the project's Kafka-protocol test broker and Schema Registry test server.

let broker: TestBroker;
let registry: TestSchemaRegistry;
let production: TestDatabase;
let catalog: TestDatabase;
let workDir: string;
const processes: SpawnedShadowtune[] = [];
const prefix = `e2e-${randomUUID().slice(0, 8)}.`;

const EMAIL_LITERAL = 'carol.secret@example.org';

before(async () => {
  broker = await startTestBroker({ defaultPartitions: 6 });
  registry = await startTestSchemaRegistry();
  production = await createTestDatabase('st_e2e_prod');
  catalog = await createTestDatabase('st_e2e_cat');
  const client = new pg.Client({ connectionString: production.url });
  await client.connect();
  await client.query(`CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO customers (email, name) SELECT 'user' || g || '@example.com', 'name ' || g FROM generate_series(1, 60000) g;
    ANALYZE customers;`);
  await client.end();
  workDir = mkdtempSync(join(tmpdir(), 'shadowtune-e2e-'));
});

after(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await registry?.stop();
  await broker?.stop();
  await production?.drop();
  await catalog?.drop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function serviceEnv(extra: Record<string, string>): Record<string, string> {
  return {
    SHADOWTUNE_BUS__KIND: 'kafka',
    SHADOWTUNE_BUS__TOPIC_PREFIX: prefix,
    SHADOWTUNE_CONNECTIONS__KAFKA_BROKERS: broker.brokers.join(','),
    SHADOWTUNE_CONNECTIONS__SCHEMA_REGISTRY_URL: registry.url,
    SHADOWTUNE_CONNECTIONS__PRODUCTION: production.url,
    SHADOWTUNE_CONNECTIONS__SHADOW: catalog.url,
    SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url,
    SHADOWTUNE_HEALTH__PORT: '0',
    ...extra,
  };
}

describe('distributed mode: services as separate processes over the Kafka protocol', () => {
  it('capture publishes Avro signatures that signature-analyzer consumes and turns into findings', async () => {
    const logFile = join(workDir, 'postgresql.log');
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) {
      const second = String(10 + (i % 50)).padStart(2, '0');
      lines.push(`2026-11-21 10:00:${second}.123 UTC [4242] LOG:  duration: ${(180 + i).toFixed(3)} ms  statement: SELECT id, name FROM customers WHERE email = '${i === 0 ? EMAIL_LITERAL : `user${i}@example.com`}'`);
    }
    writeFileSync(logFile, `${lines.join('\n')}\n`);

    const observer = createKafkaBus({
      brokers: broker.brokers,
      clientId: 'e2e-observer',
      schemaRegistryUrl: registry.url,
      logger: createLogger({ service: 'e2e', level: 'silent' }),
      topicPrefix: prefix,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 200,
      maxWaitTimeMs: 200,
    });
    const signatures: BusEvent<'query.signatures'>[] = [];
    const findings: BusEvent<'query.findings'>[] = [];
    const subs = [
      await observer.subscribe({ groupId: `obs-sig-${randomUUID()}`, topics: ['query.signatures'], handler: async (e) => void signatures.push(e) }),
      await observer.subscribe({ groupId: `obs-find-${randomUUID()}`, topics: ['query.findings'], handler: async (e) => void findings.push(e) }),
    ];
    try {
      const analyzer = spawnShadowtune(['service', 'signature-analyzer'], serviceEnv({ SHADOWTUNE_SERVICES__SIGNATURE_ANALYZER__FLUSH_INTERVAL_MS: '500' }));
      processes.push(analyzer);
      await analyzer.waitForLine(/"service started"/, 90_000);
      const capture = spawnShadowtune(
        ['service', 'capture'],
        serviceEnv({ SHADOWTUNE_SERVICES__CAPTURE__LOG_FILES: JSON.stringify([{ path: logFile, format: 'stderr', prefix: '%m [%p] ', mode: 'once' }]) }),
      );
      processes.push(capture);
      await capture.waitForLine(/"service started"/, 90_000);

      const deadline = Date.now() + 90_000;
      while (findings.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(signatures.length >= 1, 'signatures crossed the broker');
      assert.ok(findings.length >= 1, `a finding came back:\n${analyzer.output().slice(-3000)}`);

      const signature = signatures[0]!.value;
      assert.equal(signatures[0]!.key, signature.fingerprint, 'signatures are keyed by fingerprint');
      assert.match(signature.normalizedSql, /email = \$1/);
      const finding = findings[0]!.value;
      assert.equal(finding.fingerprint, signature.fingerprint);
      assert.equal(findings[0]!.key, finding.fingerprint);
      const patterns = finding.patterns.map((p) => p.pattern);
      assert.ok(patterns.includes('MISSING_FILTER_INDEX') || patterns.includes('FULL_TABLE_SCAN'), `patterns: ${patterns.join(', ')}`);
      assert.ok(finding.columns.some((c) => c.table === 'customers' && c.column === 'email' && c.role === 'FILTER'));

      const everything = JSON.stringify([signatures.map((s) => s.value), findings.map((f) => f.value), capture.output(), analyzer.output()]);
      assert.ok(!everything.includes(EMAIL_LITERAL), 'no production literal left capture');

      for (const p of [capture, analyzer]) p.child.kill('SIGTERM');
      assert.equal(await analyzer.exited, 0, 'analyzer stopped cleanly');
      assert.ok([0].includes(await capture.exited), 'capture stopped cleanly');
    } finally {
      for (const sub of subs) await sub.stop();
      await observer.close();
    }
  });
});
