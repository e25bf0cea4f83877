import type pg from 'pg';
import { toDatabaseError } from './to-database-error.js';

export interface IndexState {
  readonly exists: boolean;
  /** pg_index.indisvalid: false for an index left by a failed CREATE INDEX CONCURRENTLY. */
  readonly valid: boolean;
  readonly ready: boolean;
  readonly schema: string | null;
  readonly definition: string | null;
}

const INDEX_STATE_SQL = `
SELECT n.nspname AS schema, i.indisvalid AS valid, i.indisready AS ready, pg_catalog.pg_get_indexdef(c.oid) AS definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
WHERE c.relkind IN ('i', 'I') AND c.relname = $2
  AND (CASE WHEN $1::text IS NULL THEN n.nspname = ANY (pg_catalog.current_schemas(false)) ELSE n.nspname = $1 END)
LIMIT 1`;

/** An index by name (in `schema`, or the first schema of the search path holding one): whether it exists, is valid and ready. */
export async function readIndexState(pool: pg.Pool, schema: string | null, index: string): Promise<IndexState> {
  let row: { schema: string; valid: boolean; ready: boolean; definition: string } | undefined;
  try {
    row = (await pool.query(INDEX_STATE_SQL, [schema, index])).rows[0];
  } catch (error) {
    throw toDatabaseError(error, INDEX_STATE_SQL);
  }
  if (!row) return { exists: false, valid: false, ready: false, schema: null, definition: null };
  return { exists: true, valid: row.valid, ready: row.ready, schema: row.schema, definition: row.definition };
}
