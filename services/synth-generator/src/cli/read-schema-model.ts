import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { databaseUrl } from '@shadowtune/shared/db/database-url';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';

export type SchemaModelSource =
  /** A schema SQL file, loaded into a temporary database on `scratchServerUrl` (dropped afterwards). */
  | { readonly kind: 'file'; readonly path: string; readonly scratchServerUrl: string }
  /** A live database read through a read-only session: structure and value-free statistics. */
  | {
      readonly kind: 'url';
      readonly url: string;
      /** Also read pg_stats.most_common_vals: the operator's opt-in (productionValues.mostCommonValues). */
      readonly mostCommonValues?: boolean;
    };

async function connect(url: string, options?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'shadowtune-synth', ...(options !== undefined ? { options } : {}) });
  try {
    await client.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  return client;
}

/** The schema model to replicate and fill: read from a live database, or from a schema file through a scratch database. */
export async function readSchemaModel(source: SchemaModelSource): Promise<SchemaModel> {
  if (source.kind === 'url') {
    const client = await connect(source.url, '-c default_transaction_read_only=on');
    try {
      return await introspectSchema(client, { mostCommonValues: source.mostCommonValues === true });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const text = await readFile(source.path, 'utf8').catch((cause: unknown) => {
    throw new ShadowtuneError('USAGE_INVALID', `cannot read schema file ${source.path}`, { cause });
  });
  const name = `shadowtune_synth_${randomBytes(6).toString('hex')}`;
  const admin = await connect(source.scratchServerUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: unknown) => {
      throw toDatabaseError(error);
    });
    try {
      const scratch = await connect(databaseUrl(source.scratchServerUrl, name));
      try {
        await loadSchemaFile(scratch, text);
        return await introspectSchema(scratch);
      } finally {
        await scratch.end().catch(() => undefined);
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}
