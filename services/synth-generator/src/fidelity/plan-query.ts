import type pg from 'pg';

/** Runs one statement on ONE session (a client, or a read-only reader limited to one connection). */
export type PlanQuery = (sql: string) => Promise<pg.QueryResult>;
