import type { SignatureSource } from '@shadowtune/shared/contracts/generated-types';
import type { DecodedEntry } from '../log/decoded-entry.js';
import { fieldsFromJsonRecord } from '../log/fields-from-json-record.js';
import { logRecordFromFields } from '../log/log-record-from-fields.js';

export interface ShipperEntries {
  readonly entries: DecodedEntry[];
  /** Lines that were not JSON (each is also a malformed entry). */
  readonly notJson: number;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * The log record a shipper sent: a jsonlog/csvlog-shaped object, or an envelope whose
 * `message` (Vector) or `log` (Fluent Bit) field holds the raw jsonlog line.
 */
function unwrap(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if ('error_severity' in record) return record;
  for (const key of ['message', 'log']) {
    const inner = record[key];
    if (typeof inner === 'string' && inner.trimStart().startsWith('{')) {
      try {
        const parsed = JSON.parse(inner) as unknown;
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A record's own line identity: PostgreSQL's session id and line number within the session. */
function lineIdentity(record: Record<string, unknown>): string | null {
  const session = textOf(record.session_id);
  const line = textOf(record.line_num) ?? textOf(record.session_line_num);
  return session !== null && line !== null ? `${session}:${line}` : null;
}

/**
 * Decodes what a log shipper sent (JSON lines, or one JSON array as Fluent Bit's `json`
 * format sends) into log entries. A line that is not JSON, or not a log record, becomes a
 * malformed entry. Positions are `<identityPrefix>:<session id>:<line number>` when the
 * record carries them (so a re-sent record keeps its identity), else `<unitPrefix>:<index>`
 * (the unit being the request or the Kafka event).
 */
export function shipperEntries(text: string, source: SignatureSource, prefixes: { readonly identity: string; readonly unit: string }, invalidUtf8: boolean): ShipperEntries {
  const values: Array<{ value: unknown; ok: boolean }> = [];
  const trimmed = text.trim();
  let parsedArray = false;
  if (trimmed.startsWith('[')) {
    try {
      const array = JSON.parse(trimmed) as unknown;
      if (Array.isArray(array)) {
        for (const value of array) values.push({ value, ok: true });
        parsedArray = true;
      }
    } catch {
      // Not one JSON array: read it as JSON lines.
    }
  }
  if (!parsedArray) {
    for (const line of trimmed.split('\n')) {
      if (line.trim().length === 0) continue;
      try {
        values.push({ value: JSON.parse(line) as unknown, ok: true });
      } catch {
        values.push({ value: null, ok: false });
      }
    }
  }
  const entries: DecodedEntry[] = [];
  let notJson = 0;
  values.forEach(({ value, ok }, index) => {
    const next = { nextOffset: index + 1, nextLine: index + 2 };
    const fallback = `${prefixes.unit}:${index}`;
    if (!ok) {
      notJson += 1;
      entries.push({ kind: 'malformed', malformed: { code: invalidUtf8 ? 'INVALID_UTF8' : 'INPUT_INVALID', reason: `record ${index + 1} is not JSON`, position: fallback }, ...next });
      return;
    }
    const record = unwrap(value);
    const logRecord = record === null ? null : logRecordFromFields(fieldsFromJsonRecord(record), source, lineIdentity(record) === null ? fallback : `${prefixes.identity}:${lineIdentity(record)}`, invalidUtf8);
    if (logRecord === null) {
      entries.push({ kind: 'malformed', malformed: { code: 'INPUT_INVALID', reason: `record ${index + 1} is not a PostgreSQL jsonlog/csvlog record (error_severity and message)`, position: fallback }, ...next });
      return;
    }
    entries.push({ kind: 'record', record: logRecord, ...next });
  });
  return { entries, notJson };
}
