import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { createProductionReader, type ClosableProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { databaseUrl } from '@shadowtune/shared/db/database-url';

export type EvolveSchemaSource =
  | { readonly kind: 'file'; readonly path: string; readonly shadowServerUrl: string }
  | { readonly kind: 'production'; readonly url: string };

export interface OpenedEvolveSchema {
  readonly model: SchemaModel;
  /** The read-only production role, when the schema comes from production. */
  readonly production: ClosableProductionReader | null;
  close(): Promise<void>;
}

/**
 * The schema to evolve: production's, read through read-only sessions (introspection and
 * the reader used for statistics and key censuses), or a schema file loaded into a
 * temporary database on the shadow server (dropped by close()).
 */
export async function openEvolveSchema(source: EvolveSchemaSource): Promise<OpenedEvolveSchema> {
  if (source.kind === 'production') {
    const introspection = new pg.Client({ connectionString: source.url, application_name: 'shadowtune-evolve', options: '-c default_transaction_read_only=on' });
    try {
      await introspection.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
    try {
      const model = await introspectSchema(introspection);
      const production = await createProductionReader({ url: source.url, maxConnections: 1, applicationName: 'shadowtune-evolve' });
      return { model, production, close: () => production.close() };
    } finally {
      await introspection.end().catch(() => undefined);
    }
  }
  const text = await readFile(source.path, 'utf8').catch((cause: unknown) => {
    throw new ShadowtuneError('USAGE_INVALID', `cannot read schema file ${source.path}`, { cause });
  });
  const name = `shadowtune_evolve_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.shadowServerUrl, application_name: 'shadowtune-evolve' });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw toDatabaseError(error);
  }
  const client = new pg.Client({ connectionString: databaseUrl(source.shadowServerUrl, name), application_name: 'shadowtune-evolve' });
  try {
    await client.connect();
    await loadSchemaFile(client, text);
    const model = await introspectSchema(client);
    return { model, production: null, close: async () => undefined };
  } catch (error) {
    throw toDatabaseError(error);
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
