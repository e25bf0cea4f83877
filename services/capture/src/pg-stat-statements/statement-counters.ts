/** One pg_stat_statements row (cumulative counters). `query` is production text (mostly normalized by PostgreSQL, not always). */
export interface StatementCounters {
  /** (userid, dbid, queryid, toplevel): the view's identity of a statement entry. */
  readonly key: string;
  readonly userid: string;
  readonly dbid: string;
  readonly queryid: string;
  readonly toplevel: boolean;
  readonly calls: number;
  readonly totalExecTimeMs: number;
  readonly rows: number;
  readonly query: string | null;
  readonly userName: string | null;
  readonly databaseName: string | null;
}

/** All rows of one poll, with what tells a reset or a restart apart. */
export interface PgStatStatementsSnapshot {
  readonly takenAt: number;
  /** pg_stat_statements_info.stats_reset (PostgreSQL 14+): changes on a full reset and after a crash. */
  readonly statsReset: string | null;
  /** pg_postmaster_start_time(): changes on every server restart. */
  readonly postmasterStart: string | null;
  readonly counters: ReadonlyMap<string, StatementCounters>;
}
