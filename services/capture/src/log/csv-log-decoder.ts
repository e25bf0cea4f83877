import { isUtf8 } from 'node:buffer';
import type { DecodedEntry } from './decoded-entry.js';
import type { LogDecoder } from './log-decoder.js';
import { logRecordFromFields } from './log-record-from-fields.js';
import { positionText } from './position-text.js';

export interface CsvLogDecoderOptions {
  readonly identity: string;
  readonly startOffset: number;
  readonly startLine: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** csvlog has 23 columns up to PostgreSQL 12, 24 in 13 (backend_type), 26 from 14 (leader_pid, query_id). */
const MIN_FIELDS = 23;
const MAX_FIELDS = 26;
const MAX_FIELDS_SCANNED = 64;
// A csvlog record starts with its log_time: 2024-05-01 12:00:00.123 UTC,
const RECORD_START = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [^,\s]+)?,/;
const RECORD_START_PROBE = 40;

interface Scan {
  /** 'complete': a record ends at `end`; 'incomplete': more bytes needed; 'truncated': a quoted field was cut off by a new record at `end`. */
  readonly state: 'complete' | 'incomplete' | 'truncated';
  readonly end: number;
  readonly lines: number;
  readonly fields: number;
}

function unquote(buffer: Buffer, start: number, end: number): string {
  if (buffer[start] !== QUOTE) return buffer.toString('utf8', start, end);
  const text = buffer.toString('utf8', start + 1, end - 1);
  return text.includes('""') ? text.replaceAll('""', '"') : text;
}

function stripPort(connectionFrom: string | null): string | null {
  if (connectionFrom === null || connectionFrom.startsWith('[')) return connectionFrom;
  return connectionFrom.replace(/:\d{1,5}$/, '');
}

/**
 * Decodes csvlog: CSV records whose quoted fields may hold line breaks. A record cut off
 * inside a quoted field (the server crashed mid-write, or the file was truncated) is noticed
 * when a line inside the field starts like a new record, or at the end of input; it becomes
 * a malformed entry and decoding resumes at the next record.
 */
export class CsvLogDecoder implements LogDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private bufferOffset: number;
  private line: number;
  private readonly fieldStarts = new Int32Array(MAX_FIELDS_SCANNED + 1);
  private readonly fieldEnds = new Int32Array(MAX_FIELDS_SCANNED + 1);

  constructor(private readonly options: CsvLogDecoderOptions) {
    this.bufferOffset = options.startOffset;
    this.line = options.startLine;
  }

  push(chunk: Buffer): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    this.pushEach(chunk, (entry) => out.push(entry));
    return out;
  }

  pushEach(chunk: Buffer, sink: (entry: DecodedEntry) => void): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    this.decode(false, false, sink);
  }

  /** Emits records that were complete but waited for enough bytes to rule out a truncation. */
  flushPending(): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    this.decode(false, true, (entry) => out.push(entry));
    return out;
  }

  end(): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    this.decode(true, true, (entry) => out.push(entry));
    return out;
  }

  private decode(atEnd: boolean, settled: boolean, sink: (entry: DecodedEntry) => void): void {
    const buffer = this.buffer;
    let start = 0;
    while (start < buffer.length) {
      const scan = this.scan(buffer, start, atEnd, settled);
      if (scan.state === 'incomplete') {
        if (!atEnd) break;
        sink(this.malformed('truncated csvlog record (input ended inside it)', start, buffer.length, scan.lines + 1));
        start = buffer.length;
        break;
      }
      if (scan.state === 'truncated') {
        sink(this.malformed('truncated csvlog record (a new record starts inside a quoted field)', start, scan.end, scan.lines));
        start = scan.end;
        continue;
      }
      sink(this.record(buffer, start, scan));
      start = scan.end;
    }
    this.buffer = start >= buffer.length ? Buffer.alloc(0) : Buffer.from(buffer.subarray(start));
    this.bufferOffset += start;
  }

  /**
   * Finds the end of the record starting at `start`, recording field boundaries. `settled`:
   * the bytes present are all there is for now, so a line inside a quoted field can be
   * checked for a record start even when fewer than RECORD_START_PROBE bytes follow it.
   */
  private scan(buffer: Buffer, start: number, atEnd: boolean, settled: boolean): Scan {
    let i = start;
    let lines = 0;
    let fields = 0;
    const n = buffer.length;
    for (;;) {
      const fieldStart = i;
      if (buffer[i] === QUOTE) {
        i += 1;
        let quote = -1;
        let lineBreak = -1;
        for (;;) {
          if (quote < i) quote = buffer.indexOf(QUOTE, i);
          if (lineBreak < i) lineBreak = buffer.indexOf(LF, i);
          if (lineBreak >= 0 && (quote < 0 || lineBreak < quote)) {
            lines += 1;
            const next = lineBreak + 1;
            if (n - next < RECORD_START_PROBE && !settled) return { state: 'incomplete', end: n, lines, fields };
            if (RECORD_START.test(buffer.toString('latin1', next, Math.min(n, next + RECORD_START_PROBE)))) {
              return { state: 'truncated', end: next, lines, fields };
            }
            i = next;
            continue;
          }
          if (quote < 0) return { state: 'incomplete', end: n, lines, fields };
          if (buffer[quote + 1] === QUOTE) {
            i = quote + 2;
            continue;
          }
          if (quote + 1 >= n && !atEnd) return { state: 'incomplete', end: n, lines, fields };
          i = quote + 1;
          break;
        }
      } else {
        while (i < n && buffer[i] !== COMMA && buffer[i] !== LF) i += 1;
      }
      if (fields < MAX_FIELDS_SCANNED) {
        this.fieldStarts[fields] = fieldStart;
        this.fieldEnds[fields] = i > fieldStart && buffer[i - 1] === CR && buffer[i] === LF ? i - 1 : i;
      }
      fields += 1;
      if (i >= n) {
        // The last record of a file without a final line break.
        if (atEnd) return { state: 'complete', end: n, lines: lines + 1, fields };
        return { state: 'incomplete', end: n, lines, fields };
      }
      if (buffer[i] === COMMA) {
        i += 1;
        continue;
      }
      if (buffer[i] === LF) return { state: 'complete', end: i + 1, lines: lines + 1, fields };
      // Bytes after a closing quote that are neither a comma nor a line break: skip to the line end.
      while (i < n && buffer[i] !== LF) i += 1;
      if (i >= n && !atEnd) return { state: 'incomplete', end: n, lines, fields };
      return { state: 'complete', end: Math.min(n, i + 1), lines: lines + 1, fields: -1 };
    }
  }

  private record(buffer: Buffer, start: number, scan: Scan): DecodedEntry {
    const firstLine = this.line;
    const position = positionText(this.options.identity, this.bufferOffset + start, firstLine);
    this.line += scan.lines;
    const nextOffset = this.bufferOffset + scan.end;
    if (scan.fields < MIN_FIELDS || scan.fields > MAX_FIELDS) {
      const reason = scan.fields < 0 ? 'csvlog record with text after a closing quote' : `csvlog record with ${scan.fields} fields (expected ${MIN_FIELDS} to ${MAX_FIELDS})`;
      return { kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason, position }, nextOffset, nextLine: this.line };
    }
    const field = (index: number): string | null => {
      const from = this.fieldStarts[index] ?? 0;
      const to = this.fieldEnds[index] ?? 0;
      return to > from ? unquote(buffer, from, to) : null;
    };
    const invalidUtf8 = !isUtf8(buffer.subarray(start, scan.end));
    const record = logRecordFromFields(
      {
        timestamp: field(0),
        user: field(1),
        database: field(2),
        pid: field(3),
        client: stripPort(field(4)),
        sessionId: field(5),
        severity: field(11),
        message: field(13),
        detail: field(14),
        application: field(22),
      },
      'LOG_CSV',
      position,
      invalidUtf8,
    );
    if (record === null) {
      return { kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason: 'csvlog record without severity or message', position }, nextOffset, nextLine: this.line };
    }
    return { kind: 'record', record, nextOffset, nextLine: this.line };
  }

  private malformed(reason: string, start: number, end: number, lines: number): DecodedEntry {
    const position = positionText(this.options.identity, this.bufferOffset + start, this.line);
    this.line += lines;
    return { kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason, position }, nextOffset: this.bufferOffset + end, nextLine: this.line };
  }
}
