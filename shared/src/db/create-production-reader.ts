import pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { loadSqlParser } from '../sql/parse-statement.js';
import { checkReadOnlyStatement } from './check-read-only-statement.js';
import type { ProductionReader } from './databases.js';
import { toDatabaseError } from './to-database-error.js';

export interface ProductionReaderOptions {
  readonly url: string;
  readonly statementTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly applicationName?: string;
}

export interface ClosableProductionReader extends ProductionReader {
  close(): Promise<void>;
}

/**
 * The production role for everything but the deployer: every session starts with
 * default_transaction_read_only=on (so the server refuses writes even if a check were
 * missed), and each statement is checked before it is sent.
 */
export async function createProductionReader(options: ProductionReaderOptions): Promise<ClosableProductionReader> {
  await loadSqlParser();
  const timeout = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 4,
    application_name: options.applicationName ?? 'shadowtune-reader',
    options: `-c default_transaction_read_only=on -c statement_timeout=${timeout}`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the next query reconnects or reports DB_UNAVAILABLE.
  });
  return {
    async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: readonly unknown[] = []) {
      const verdict = checkReadOnlyStatement(sql);
      if (!verdict.allowed) {
        throw new ShadowtuneError('PRODUCTION_WRITE_REFUSED', `refused on the read-only production role: ${verdict.reason}`, { sql, params });
      }
      try {
        return await pool.query<R>(sql, params as unknown[]);
      } catch (error) {
        throw toDatabaseError(error, sql, params);
      }
    },
    close: () => pool.end(),
  };
}
