import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { IdentityProgression } from '../generate/identity-progression.js';
import type { GenerationPlan } from '../plan/generation-plan.js';

const SEQUENCE_OF_DEFAULT = /^nextval\('((?:[^']|'')+)'::regclass\)$/i;

/**
 * For every column the server numbers (identity, serial, nextval default), restarts its
 * sequence and returns how it will number the rows of a single COPY: start, start +
 * increment, ... A child's foreign key then knows its parent's keys without reading them.
 * Runs on the shadow, after the tables were truncated.
 */
export async function readIdentityProgressions(client: pg.ClientBase, plan: GenerationPlan): Promise<Map<string, IdentityProgression>> {
  const out = new Map<string, IdentityProgression>();
  for (const table of plan.tables) {
    for (const column of table.columns) {
      if (column.source.kind !== 'server' || (column.source.reason !== 'identity' && column.source.reason !== 'sequence-default')) continue;
      const key = `${table.schema}.${table.name}.${column.name}`;
      const sql = `SELECT s.seqstart::float8 AS start, s.seqincrement::float8 AS increment, c.oid::regclass::text AS name
        FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
        WHERE s.seqrelid = COALESCE(pg_catalog.pg_get_serial_sequence($1, $2)::regclass, $3::regclass)`;
      const fromDefault = SEQUENCE_OF_DEFAULT.exec((column.defaultExpression ?? '').trim())?.[1]?.replace(/''/g, "'") ?? null;
      try {
        const result = await client.query<{ start: number; increment: number; name: string }>(sql, [quoteQualifiedName(table.schema, table.name), column.name, fromDefault]);
        const row = result.rows[0];
        if (row === undefined) continue;
        // A sequence that is not owned by the column is not reset by TRUNCATE ... RESTART IDENTITY.
        await client.query('SELECT pg_catalog.setval($1::regclass, $2, false)', [row.name, row.start]);
        out.set(key, { start: row.start, increment: row.increment });
      } catch (error) {
        throw toDatabaseError(error, sql);
      }
    }
  }
  return out;
}
