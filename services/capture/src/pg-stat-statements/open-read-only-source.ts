import pg from 'pg';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { StatementSource } from './statement-source.js';

export interface ReadOnlySource {
  readonly query: StatementSource;
  close(): Promise<void>;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'].includes(code));
}

/**
 * A session for the CLI's `--pg-stat-statements <url>`: every transaction read-only
 * (default_transaction_read_only), short statement_timeout, reconnecting after a server
 * restart (a one-connection pool). The service uses the production reader of shared/src/db.
 */
export async function openReadOnlySource(url: string): Promise<ReadOnlySource> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    application_name: 'shadowtune-capture',
    options: '-c default_transaction_read_only=on -c statement_timeout=30000',
  });
  // An idle connection dropped by a restarting server: the next query opens a new one.
  pool.on('error', () => undefined);
  const query: StatementSource = async (sql, params) => {
    try {
      return await pool.query(sql, params === undefined ? undefined : [...params]);
    } catch (cause) {
      // The URL may hold a password and the server's message is not ours to log: code only.
      if (isConnectionError(cause)) throw new ShadowtuneError('DB_UNAVAILABLE', 'the pg_stat_statements server could not be reached', { cause });
      throw new ShadowtuneError('DB_QUERY_FAILED', 'reading pg_stat_statements failed', { cause });
    }
  };
  await query('SELECT 1');
  return { query, close: async () => await pool.end() };
}
