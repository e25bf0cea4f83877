import { ShadowtuneError } from '../errors/shadowtune-error.js';
import type { ErrorCode } from '../errors/error-codes.js';

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

function codeForSqlState(sqlState: string): ErrorCode {
  if (sqlState === '40001' || sqlState === '40P01') return 'DB_SERIALIZATION_FAILURE';
  if (sqlState === '55P03') return 'DB_LOCK_TIMEOUT';
  if (sqlState === '57014') return 'DB_STATEMENT_TIMEOUT';
  if (sqlState === '25006') return 'PRODUCTION_WRITE_REFUSED';
  // Class 08 connection exceptions, 57P01-03 admin shutdown / cannot connect now, 53300 too many connections.
  if (sqlState.startsWith('08') || sqlState === '57P01' || sqlState === '57P02' || sqlState === '57P03' || sqlState === '53300') return 'DB_UNAVAILABLE';
  return 'DB_QUERY_FAILED';
}

/**
 * Turns a node-postgres error into a ShadowtuneError with a stable code and the right
 * retriable flag. The statement text and parameters go to non-enumerable fields only;
 * the message keeps the server's words (which never quote parameter values) and SQLSTATE.
 */
export function toDatabaseError(error: unknown, sql?: string, params?: readonly unknown[]): ShadowtuneError {
  if (error instanceof ShadowtuneError) return error;
  const pgError = error as { code?: unknown; message?: unknown; errno?: unknown };
  const code = typeof pgError.code === 'string' ? pgError.code : '';
  const message = typeof pgError.message === 'string' ? pgError.message : String(error);
  if (CONNECTION_ERRNOS.has(code) || /Connection terminated|connect ECONNREFUSED|timeout expired/i.test(message)) {
    return new ShadowtuneError('DB_UNAVAILABLE', `database unreachable: ${message}`, { cause: error, sql, params });
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return new ShadowtuneError(codeForSqlState(code), `${message} (SQLSTATE ${code})`, { cause: error, sql, params, context: { sqlState: code } });
  }
  return new ShadowtuneError('DB_QUERY_FAILED', message, { cause: error, sql, params });
}
