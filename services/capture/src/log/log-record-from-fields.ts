import type { SignatureSource } from '@shadowtune/shared/contracts/generated-types';
import type { LogRecord } from './log-record.js';
import type { PgLogFields } from './pg-log-fields.js';
import { parsePgTimestamp } from './parse-pg-timestamp.js';

function emptyToNull(value: string | null): string | null {
  return value === null || value.length === 0 ? null : value;
}

/** A LogRecord from csvlog/jsonlog fields; null when the record has no severity or message. */
export function logRecordFromFields(fields: PgLogFields, source: SignatureSource, position: string, invalidUtf8: boolean): LogRecord | null {
  if (fields.severity === null || fields.message === null) return null;
  return {
    source,
    position,
    timestampMs: fields.timestamp === null ? null : parsePgTimestamp(fields.timestamp),
    severity: fields.severity,
    message: fields.message,
    detail: emptyToNull(fields.detail),
    origin: {
      database: emptyToNull(fields.database),
      user: emptyToNull(fields.user),
      application: emptyToNull(fields.application),
      client: emptyToNull(fields.client),
      session: emptyToNull(fields.sessionId) ?? emptyToNull(fields.pid),
    },
    invalidUtf8,
  };
}
