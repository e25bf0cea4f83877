import pg from 'pg';
import { createProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { PlanQuery } from '../fidelity/plan-query.js';
import { createSchemaSource, type SchemaSource } from './create-schema-source.js';

export interface ProductionSources {
  readonly schema: SchemaSource;
  readonly plans: PlanQuery;
  close(): Promise<void>;
}

/**
 * Production as the synth-generator reads it: the schema through a read-only session
 * (introspection runs its catalog queries in one READ ONLY snapshot), plans through a
 * read-only reader of ONE connection (PREPARE and EXECUTE share a session before
 * PostgreSQL 16). Nothing is ever written. Column values (pg_stats' most common values)
 * are read only with the operator's opt-in, `productionValues.mostCommonValues`.
 */
export async function openProductionSources(url: string, schemaRefreshMs: number, options: { readonly mostCommonValues?: boolean } = {}): Promise<ProductionSources> {
  const reader = await createProductionReader({ url, maxConnections: 1, applicationName: 'shadowtune-synth-generator' });
  const introspection = new pg.Pool({ connectionString: url, max: 1, application_name: 'shadowtune-synth-generator-schema', options: '-c default_transaction_read_only=on' });
  introspection.on('error', () => {
    // An idle connection dropped; the next read reconnects.
  });
  return {
    schema: createSchemaSource(() => introspectSchema(introspection, { mostCommonValues: options.mostCommonValues === true }), schemaRefreshMs),
    plans: (sql) => reader.query(sql),
    async close() {
      await Promise.all([reader.close(), introspection.end()]);
    },
  };
}
