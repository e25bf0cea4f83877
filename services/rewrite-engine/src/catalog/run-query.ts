import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/** Runs a catalog statement, mapping failures to ShadowtuneErrors (statement text kept out of messages). */
export async function runQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(db: pg.Pool | pg.ClientBase, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(sql, params);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}
