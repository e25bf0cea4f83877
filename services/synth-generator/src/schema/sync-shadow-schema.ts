import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { renderSchemaDdl } from './render-schema-ddl.js';
import { SHADOW_MARKER_SCHEMA } from './shadow-marker-schema.js';

export interface ShadowSyncResult {
  /** unchanged: the shadow already has this schema version; created: first sync; replaced: re-synced after a change. */
  readonly action: 'unchanged' | 'created' | 'replaced';
  readonly version: string;
  readonly statements: number;
  /** Optional statements that failed (an extension the shadow server lacks), in words. */
  readonly notes: readonly string[];
}

// Serializes syncs of one shadow database across processes.
const SYNC_LOCK_KEY = 7_301_914_300;

async function run(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await client.query(sql, params);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}

/**
 * Makes the shadow's schema the model's. Strategy: drop and recreate. The shadow holds only
 * synthetic data that the generator rebuilds deterministically from a seed, so nothing of
 * value is lost, and recreating from the model is always exactly right — a diff-and-apply
 * would have to order type changes, constraint renames, partition re-bounds and enum label
 * removals, and any gap in it leaves a shadow that silently differs from production.
 * Idempotent: the synced version is recorded in the shadow (schema shadowtune_shadow), and a
 * shadow already at the model's version is left untouched unless `force`. Schemas synced
 * before and missing from the model are dropped too. All in one transaction under an
 * advisory lock: a failure leaves the previous schema in place.
 */
export async function syncShadowSchema(client: pg.ClientBase, model: SchemaModel, options: { readonly force?: boolean } = {}): Promise<ShadowSyncResult> {
  const marker = quoteIdentifier(SHADOW_MARKER_SCHEMA);
  const statements = renderSchemaDdl(model);
  const schemas = statements.filter((s) => s.kind === 'schema').map((s) => s.object);
  await run(client, 'BEGIN');
  try {
    await run(client, 'SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK_KEY]);
    await run(client, `CREATE SCHEMA IF NOT EXISTS ${marker}`);
    await run(client, `CREATE TABLE IF NOT EXISTS ${marker}.schema_sync (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version text NOT NULL, schemas text[] NOT NULL, synced_at timestamptz NOT NULL DEFAULT now())`);
    const state = await run(client, `SELECT version, schemas FROM ${marker}.schema_sync`);
    const previous = state.rows[0] as { version: string; schemas: string[] } | undefined;
    if (previous?.version === model.version && options.force !== true) {
      await run(client, 'COMMIT');
      return { action: 'unchanged', version: model.version, statements: 0, notes: [] };
    }
    for (const schema of new Set([...(previous?.schemas ?? []), ...schemas])) {
      if (schema === SHADOW_MARKER_SCHEMA || schema === 'shadowtune') continue;
      await run(client, `DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    }
    const notes: string[] = [];
    for (const statement of statements) {
      if (!statement.optional) {
        try {
          await client.query(statement.sql);
        } catch (error) {
          const cause = toDatabaseError(error, statement.sql);
          throw new ShadowtuneError('SHADOW_FAILED', `shadow schema sync failed on ${statement.kind} ${statement.object}: ${cause.message}`, {
            cause,
            sql: statement.sql,
            retriable: false,
            context: { kind: statement.kind, object: statement.object },
          });
        }
        continue;
      }
      await run(client, 'SAVEPOINT shadowtune_optional');
      try {
        await client.query(statement.sql);
        await run(client, 'RELEASE SAVEPOINT shadowtune_optional');
      } catch (error) {
        await run(client, 'ROLLBACK TO SAVEPOINT shadowtune_optional');
        notes.push(`${statement.kind} ${statement.object} not created: ${toDatabaseError(error).message}`);
      }
    }
    await run(client, `INSERT INTO ${marker}.schema_sync (version, schemas) VALUES ($1, $2)
      ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version, schemas = EXCLUDED.schemas, synced_at = now()`, [model.version, schemas]);
    await run(client, 'COMMIT');
    return { action: previous === undefined ? 'created' : 'replaced', version: model.version, statements: statements.length, notes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
