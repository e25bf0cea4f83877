import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SqlQuery } from './sql-query.js';

/** A SqlQuery over a pg pool or client; PostgreSQL errors become ShadowtuneErrors. */
export function sqlQueryOf(connection: pg.Pool | pg.ClientBase): SqlQuery {
  return async <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
    try {
      return await connection.query<R>(sql, params as unknown[]);
    } catch (error) {
      throw toDatabaseError(error, sql, params);
    }
  };
}
