import type { PgLogFields } from './pg-log-fields.js';

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function stripPort(connectionFrom: string | null): string | null {
  if (connectionFrom === null || connectionFrom.startsWith('[')) return connectionFrom;
  return connectionFrom.replace(/:\d{1,5}$/, '');
}

/**
 * Reads a JSON object shaped like a PostgreSQL jsonlog record (timestamp, user, dbname,
 * error_severity, message, ...) or like a csvlog row with csvlog's column names (log_time,
 * user_name, database_name, ...), the two shapes log shippers forward.
 */
export function fieldsFromJsonRecord(record: Readonly<Record<string, unknown>>): PgLogFields {
  const jsonlog = 'error_severity' in record && !('log_time' in record);
  if (jsonlog || 'dbname' in record || 'timestamp' in record) {
    return {
      timestamp: text(record.timestamp),
      user: text(record.user),
      database: text(record.dbname),
      pid: text(record.pid),
      client: text(record.remote_host),
      sessionId: text(record.session_id),
      severity: text(record.error_severity),
      message: text(record.message),
      detail: text(record.detail),
      application: text(record.application_name),
    };
  }
  return {
    timestamp: text(record.log_time),
    user: text(record.user_name),
    database: text(record.database_name),
    pid: text(record.process_id),
    client: stripPort(text(record.connection_from)),
    sessionId: text(record.session_id),
    severity: text(record.error_severity),
    message: text(record.message),
    detail: text(record.detail),
    application: text(record.application_name),
  };
}
