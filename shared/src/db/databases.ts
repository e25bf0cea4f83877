import type pg from 'pg';

/** A pool and the URL it was opened with. The URL may hold a password: never log it. */
export interface DatabaseHandle {
  readonly pool: pg.Pool;
  readonly url: string;
}

/**
 * The production connection as every service but the deployer sees it: sessions are
 * default_transaction_read_only, and a statement that is not a read (SELECT, EXPLAIN
 * without ANALYZE, SHOW, catalog reads) is refused before it is sent.
 */
export interface ProductionReader {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

/** Lazily opened connections of one process, by role. */
export interface Databases {
  /** null when no production connection is configured. */
  production(): Promise<ProductionReader | null>;
  /** The shadow database (embedded server when none is configured). */
  shadow(): Promise<DatabaseHandle>;
  /** shadowtune's own state, with catalog migrations applied. */
  catalog(): Promise<DatabaseHandle>;
  close(): Promise<void>;
}
