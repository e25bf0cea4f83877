import type pg from 'pg';

/**
 * Runs one statement: the shape of ProductionReader.query and of a bound `pool.query`,
 * so the analyzer's database work can be given any connection and tested on a real one.
 */
export type SqlQuery = <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly unknown[]) => Promise<pg.QueryResult<R>>;
