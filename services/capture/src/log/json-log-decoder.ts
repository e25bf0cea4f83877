import type { DecodedEntry } from './decoded-entry.js';
import { fieldsFromJsonRecord } from './fields-from-json-record.js';
import type { LogDecoder } from './log-decoder.js';
import { logRecordFromFields } from './log-record-from-fields.js';
import { LineSplitter, type SplitLine } from './line-splitter.js';
import { positionText } from './position-text.js';

export interface JsonLogDecoderOptions {
  readonly identity: string;
  readonly startOffset: number;
  readonly startLine: number;
}

/** Decodes jsonlog (PostgreSQL 15+): one JSON object per line. */
export class JsonLogDecoder implements LogDecoder {
  private readonly lines: LineSplitter;

  constructor(private readonly options: JsonLogDecoderOptions) {
    this.lines = new LineSplitter(options.startOffset, options.startLine);
  }

  push(chunk: Buffer): DecodedEntry[] {
    return this.lines.push(chunk).map((line) => this.entry(line));
  }

  pushEach(chunk: Buffer, sink: (entry: DecodedEntry) => void): void {
    this.lines.pushEach(chunk, (line) => sink(this.entry(line)));
  }

  flushPending(): DecodedEntry[] {
    return [];
  }

  end(): DecodedEntry[] {
    return this.lines.end().map((line) => this.entry(line));
  }

  private entry(line: SplitLine): DecodedEntry {
    const position = positionText(this.options.identity, line.startOffset, line.lineNumber);
    const next = { nextOffset: line.endOffset, nextLine: line.lineNumber + 1 };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.text);
    } catch {
      const code = line.invalidUtf8 ? 'INVALID_UTF8' : 'LOG_LINE_MALFORMED';
      return { kind: 'malformed', malformed: { code, reason: 'jsonlog line is not JSON', position }, ...next };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason: 'jsonlog line is not a JSON object', position }, ...next };
    }
    const record = logRecordFromFields(fieldsFromJsonRecord(parsed as Record<string, unknown>), 'LOG_JSON', position, line.invalidUtf8);
    if (record === null) {
      return { kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason: 'jsonlog record without error_severity or message', position }, ...next };
    }
    return { kind: 'record', record, ...next };
  }
}
