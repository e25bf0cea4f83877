import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';

/**
 * Streams COPY text rows into a table (`schema` null for a temporary table). The server
 * enforces every constraint; a violation aborts the COPY and is raised with its SQLSTATE.
 */
export async function copyRows(client: pg.ClientBase, schema: string | null, table: string, columns: readonly string[], rows: Readable): Promise<void> {
  const target = schema === null ? quoteIdentifier(table) : quoteQualifiedName(schema, table);
  const sql = `COPY ${target} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN`;
  try {
    await pipeline(rows, client.query(copyFrom(sql)));
  } catch (error) {
    rows.destroy();
    throw toDatabaseError(error, sql);
  }
}
