import pg from 'pg';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import { createProductionReader } from '@shadowtune/shared/db/create-production-reader';
import type { Databases } from '@shadowtune/shared/db/databases';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { createGenericPlanSource, type GenericPlanSource } from './plan/generic-plan-source.js';
import { createSchemaProvider, type SchemaProvider } from './schema-provider.js';
import { sqlQueryOf } from './sql-query-of.js';

export interface PlanAndSchemaSources {
  readonly plans: GenericPlanSource;
  readonly schema: SchemaProvider;
  /** 'production' when plans and schema come from production, 'shadow' otherwise. */
  readonly origin: 'production' | 'shadow';
  close(): Promise<void>;
}

/**
 * Where the analyzer reads schema and plans. With a production connection configured:
 * plans through a read-only production reader of ONE connection (PREPARE and EXECUTE must
 * share a session before PostgreSQL 16) and the schema through a read-only session.
 * Otherwise the shadow database: one dedicated connection for plans, the pool for the schema.
 */
export async function openPlanAndSchemaSources(config: ShadowtuneConfig, databases: Databases, logger: Logger): Promise<PlanAndSchemaSources> {
  const settings = config.services.signatureAnalyzer;
  const production = config.connections.production;
  if (production !== null) {
    const reader = await createProductionReader({
      url: production,
      maxConnections: 1,
      statementTimeoutMs: settings.explainTimeoutMs,
      applicationName: 'shadowtune-signature-analyzer',
    });
    const introspection = new pg.Pool({
      connectionString: production,
      max: 1,
      application_name: 'shadowtune-signature-analyzer-schema',
      options: '-c default_transaction_read_only=on',
    });
    introspection.on('error', () => {
      // An idle connection dropped; the next refresh reconnects.
    });
    return {
      origin: 'production',
      plans: createGenericPlanSource({ query: (sql, params) => reader.query(sql, params), statementTimeoutMs: settings.explainTimeoutMs }),
      schema: createSchemaProvider(() => introspectSchema(introspection), settings.schemaRefreshMs, logger),
      async close() {
        await Promise.all([reader.close(), introspection.end()]);
      },
    };
  }
  const shadow = await databases.shadow();
  const session = await shadow.pool.connect();
  return {
    origin: 'shadow',
    plans: createGenericPlanSource({ query: sqlQueryOf(session), statementTimeoutMs: settings.explainTimeoutMs }),
    schema: createSchemaProvider(() => introspectSchema(shadow.pool), settings.schemaRefreshMs, logger),
    async close() {
      session.release();
    },
  };
}
