import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import type { DeploymentEvent, ParameterProfile, QuerySignature, SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import { createMigrationDeployer, type MigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import { createProductionReader, type ClosableProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { advanceSchemaDeployment } from '../../src/catalog/advance-schema-deployment.js';
import { recordSignature } from '../../src/catalog/record-signature.js';
import { captureSchemaSnapshot } from '../../src/deploy/capture-schema-snapshot.js';
import { executeSchemaDeployment } from '../../src/deploy/execute-schema-deployment.js';
import { executeSchemaRollback, type RollbackOutcome } from '../../src/deploy/execute-schema-rollback.js';
import type { SchemaDeploymentDeps } from '../../src/deploy/schema-deployment-deps.js';
import type { SchemaSnapshot } from '../../src/deploy/schema-snapshot.js';
import { evolveSchema, type EvolutionOutcome } from '../../src/evolve/evolve-schema.js';
import { createLocalReplayer } from '../../src/shadow/create-local-replayer.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { SHOP_DDL, shopDataSql, type ShopSizes } from './shop-database.js';

export const logger = createLogger({ service: 'schema-evolver-test', level: 'silent' });

/** A signature as capture would publish it for `sql` (already normalized), `calls` times at `durationMs`. */
export function signatureOf(input: {
  readonly sql: string;
  readonly durationMs: number;
  readonly relations: readonly string[];
  readonly parameters?: readonly ParameterProfile[];
  readonly observedAt?: number;
  readonly kind?: QuerySignature['statementKind'];
}): QuerySignature {
  return {
    eventId: randomUUID(),
    fingerprint: createHash('sha256').update(input.sql).digest('hex').slice(0, 16),
    normalizedSql: input.sql,
    statementKind: input.kind ?? (/^\s*select/i.test(input.sql) ? 'SELECT' : /^\s*insert/i.test(input.sql) ? 'INSERT' : 'UPDATE'),
    relations: [...input.relations],
    parsed: true,
    flags: [],
    source: 'LOG_STDERR',
    sourcePosition: null,
    observedAt: input.observedAt ?? Date.now(),
    calls: 1,
    samplingWeight: 1,
    durationMs: input.durationMs,
    totalDurationMs: input.durationMs,
    rows: null,
    tags: { database: null, user: null, application: null, client: null, session: null, comment: {} },
    parameters: input.parameters ?? [],
    plan: null,
  };
}

export function profile(position: number, typeClass: ParameterProfile['typeClass'], distinctEstimate: number, topShare: number, sampleCount = 50): ParameterProfile {
  return { position, typeClass, sampleCount, topShare, distinctEstimate };
}

/** Row count and a checksum of every row (in key order) of each table. */
export async function tableChecksums(pool: pg.Pool, tables: readonly string[], where: Readonly<Record<string, string>> = {}): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const table of tables) {
    const filter = where[table] ? ` WHERE ${where[table]}` : '';
    const result = await pool.query<{ rows: string; md5: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS md5 FROM ${quoteIdentifier(table)} t${filter}`,
    );
    out[table] = { rows: Number(result.rows[0]!.rows), md5: result.rows[0]!.md5 };
  }
  return out;
}

export interface LifecycleWorld {
  readonly production: TestDatabase;
  readonly productionPool: pg.Pool;
  readonly catalog: pg.Pool;
  readonly templateName: string;
  readonly deps: SchemaDeploymentDeps;
  readonly published: { readonly proposals: SchemaChangeProposal[]; readonly deployments: DeploymentEvent[] };
  readonly config: ReturnType<typeof loadConfig>;
  evolve(): Promise<EvolutionOutcome>;
  snapshot(): Promise<SchemaSnapshot>;
  /** Applies the requested deployment of the only proposal. */
  apply(deploymentId: string): Promise<void>;
  /** Asks for the rollback (as the control plane does) and runs it. */
  rollback(deploymentId: string): Promise<RollbackOutcome | null>;
  close(): Promise<void>;
}

/**
 * A production database (the shop schema and rows, plus `setupSql`), an idle copy of it
 * as the shadow template, a migrated catalog holding the given workload, and everything
 * the evolver needs to propose, A/B-test, apply and roll back — all on the local server.
 */
export async function createLifecycleWorld(input: {
  readonly sizes: ShopSizes;
  readonly setupSql?: string;
  readonly workload: readonly QuerySignature[];
  readonly overrides?: Readonly<Record<string, unknown>>;
}): Promise<LifecycleWorld> {
  await loadSqlParser();
  const production = await createTestDatabase('st_evolve_prod');
  const setup = new pg.Client({ connectionString: production.url });
  await setup.connect();
  try {
    await setup.query(SHOP_DDL);
    if (input.setupSql) await setup.query(input.setupSql);
    await setup.query(shopDataSql(input.sizes));
  } finally {
    await setup.end();
  }
  const templateName = `${production.name}_shadow`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdentifier(templateName)} TEMPLATE ${quoteIdentifier(production.name)}`).finally(() => admin.end());
  const catalogDatabase = await createTestDatabase('st_evolve_catalog');
  const catalog = new pg.Pool({ connectionString: catalogDatabase.url, max: 4 });
  const migrationClient = await catalog.connect();
  await runMigrations(migrationClient).finally(() => migrationClient.release());
  for (const signature of input.workload) await recordSignature(catalog, signature);
  const productionPool = new pg.Pool({ connectionString: production.url, max: 3 });
  const introspection = new pg.Pool({ connectionString: production.url, max: 1, options: '-c default_transaction_read_only=on' });
  const reader: ClosableProductionReader = await createProductionReader({ url: production.url, maxConnections: 2 });
  const deployer: MigrationDeployer = await createMigrationDeployer({ url: production.url, lockTimeoutMs: 5_000, statementTimeoutMs: 600_000 });
  const config = loadConfig({
    env: {},
    overrides: {
      'rewriteRuleDeploymentPolicy.mode': 'automatic',
      'services.schemaEvolver.abTest.runsPerFingerprint': 15,
      'services.schemaEvolver.abTest.warmupRuns': 2,
      'services.schemaEvolver.migration.backfillBatchRows': 20_000,
      ...input.overrides,
    },
  });
  const published = { proposals: [] as SchemaChangeProposal[], deployments: [] as DeploymentEvent[] };
  const deps: SchemaDeploymentDeps = {
    catalog,
    deployer,
    introspection,
    reader,
    publish: async (event) => {
      published.deployments.push(event);
    },
    now: () => Date.now(),
    logger,
  };
  return {
    production,
    productionPool,
    catalog,
    templateName,
    deps,
    published,
    config,
    evolve: () =>
      evolveSchema(
        {
          catalog,
          config,
          loadModel: () => introspectSchema(introspection),
          production: reader,
          shadow: { serverUrl: TEST_SERVER_URL, template: templateName },
          replayer: createLocalReplayer(),
          publishProposal: async (record) => {
            published.proposals.push(record);
          },
          publishDeployment: deps.publish,
          now: () => Date.now(),
          logger,
        },
        { analysisId: randomUUID(), database: null },
      ),
    snapshot: () => captureSchemaSnapshot(introspection),
    apply: (deploymentId) => executeSchemaDeployment(deps, deploymentId),
    async rollback(deploymentId) {
      const event = await advanceSchemaDeployment(catalog, { deploymentId, from: ['APPLIED', 'VERIFIED'], to: 'ROLLBACK_REQUESTED', reason: 'test asks for a rollback', statements: [] });
      if (event) published.deployments.push(event);
      return executeSchemaRollback(deps, deploymentId);
    },
    async close() {
      await deployer.close().catch(() => undefined);
      await reader.close().catch(() => undefined);
      await introspection.end().catch(() => undefined);
      await productionPool.end().catch(() => undefined);
      await catalog.end().catch(() => undefined);
      await catalogDatabase.drop().catch(() => undefined);
      await production.drop().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: TEST_SERVER_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(templateName)} WITH (FORCE)`).finally(() => cleanup.end());
    },
  };
}
