import type pg from 'pg';

/** How the poller reads: a read-only session (ProductionReader in the service, a read-only client in the CLI). */
export type StatementSource = (sql: string, params?: readonly unknown[]) => Promise<Pick<pg.QueryResult, 'rows'>>;
