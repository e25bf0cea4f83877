import type { CompiledPrefix, PrefixValues } from './compiled-prefix.js';
import type { DecodedEntry } from './decoded-entry.js';
import type { LogDecoder } from './log-decoder.js';
import type { LogOrigin } from './log-origin.js';
import { LineSplitter, type SplitLine } from './line-splitter.js';
import { parsePgTimestamp } from './parse-pg-timestamp.js';
import { positionText } from './position-text.js';

export interface StderrLogDecoderOptions {
  readonly prefix: CompiledPrefix;
  /** Identity of the input (e.g. file:<dev>:<inode>); positions are `<identity>:<byte offset>:<line>`. */
  readonly identity: string;
  readonly startOffset: number;
  readonly startLine: number;
}

// Lines of a message after its first one, written with the same prefix.
const SECONDARY = new Set(['DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'LOCATION', 'STATEMENT']);

interface PendingMessage {
  readonly startOffset: number;
  readonly startLine: number;
  readonly values: PrefixValues;
  readonly severity: string;
  message: string;
  detail: string | null;
  /** Which part continuation lines extend. */
  current: 'message' | 'detail' | 'other';
  invalidUtf8: boolean;
  nextOffset: number;
  nextLine: number;
}

function originOf(values: PrefixValues): LogOrigin {
  let client = values.host;
  if (client === null && values.hostPort !== null) client = values.hostPort.replace(/\(\d*\)$/, '');
  return {
    database: values.database,
    user: values.user,
    application: values.application,
    client,
    session: values.session ?? values.pid,
  };
}

function timestampOf(values: PrefixValues): number | null {
  if (values.timestamp !== null) return parsePgTimestamp(values.timestamp);
  if (values.epoch !== null) return Math.round(Number(values.epoch) * 1000);
  return null;
}

/**
 * Decodes PostgreSQL's stderr log format under a given log_line_prefix: a message is its
 * prefixed first line, continuation lines (starting with a tab) and the DETAIL/HINT/...
 * lines that follow it. A line that is neither is malformed (dead-lettered, reading goes on).
 */
export class StderrLogDecoder implements LogDecoder {
  private readonly lines: LineSplitter;
  private pending: PendingMessage | null = null;

  constructor(private readonly options: StderrLogDecoderOptions) {
    this.lines = new LineSplitter(options.startOffset, options.startLine);
  }

  push(chunk: Buffer): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    this.pushEach(chunk, (entry) => out.push(entry));
    return out;
  }

  pushEach(chunk: Buffer, sink: (entry: DecodedEntry) => void): void {
    this.lines.pushEach(chunk, (line) => this.line(line, sink));
  }

  flushPending(): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    this.emitPending((entry) => out.push(entry));
    return out;
  }

  end(): DecodedEntry[] {
    const out: DecodedEntry[] = [];
    const sink = (entry: DecodedEntry): void => void out.push(entry);
    for (const line of this.lines.end()) this.line(line, sink);
    this.emitPending(sink);
    return out;
  }

  private line(line: SplitLine, out: (entry: DecodedEntry) => void): void {
    const text = line.text;
    if (text.charCodeAt(0) === 9) {
      const pending = this.pending;
      if (pending === null) {
        out(this.malformed('continuation line without a log record', line));
        return;
      }
      const continuation = `\n${text.slice(1)}`;
      if (pending.current === 'message') pending.message += continuation;
      else if (pending.current === 'detail') pending.detail += continuation;
      pending.invalidUtf8 ||= line.invalidUtf8;
      pending.nextOffset = line.endOffset;
      pending.nextLine = line.lineNumber + 1;
      return;
    }
    const parsed = this.options.prefix.parse(text);
    if (parsed === null) {
      this.emitPending(out);
      if (text.length === 0) {
        out({ kind: 'malformed', malformed: { code: 'LOG_LINE_MALFORMED', reason: 'empty line', position: this.position(line) }, nextOffset: line.endOffset, nextLine: line.lineNumber + 1 });
        return;
      }
      out(this.malformed(`line does not start with the log_line_prefix '${this.options.prefix.source}' and a severity`, line));
      return;
    }
    const pending = this.pending;
    if (SECONDARY.has(parsed.severity) && pending !== null) {
      if (parsed.severity === 'DETAIL' && pending.detail === null) {
        pending.detail = parsed.message;
        pending.current = 'detail';
      } else {
        pending.current = 'other';
      }
      pending.invalidUtf8 ||= line.invalidUtf8;
      pending.nextOffset = line.endOffset;
      pending.nextLine = line.lineNumber + 1;
      return;
    }
    this.emitPending(out);
    this.pending = {
      startOffset: line.startOffset,
      startLine: line.lineNumber,
      values: parsed.values,
      severity: parsed.severity,
      message: parsed.message,
      detail: null,
      current: 'message',
      invalidUtf8: line.invalidUtf8,
      nextOffset: line.endOffset,
      nextLine: line.lineNumber + 1,
    };
  }

  private emitPending(out: (entry: DecodedEntry) => void): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    out({
      kind: 'record',
      record: {
        source: 'LOG_STDERR',
        position: positionText(this.options.identity, pending.startOffset, pending.startLine),
        timestampMs: timestampOf(pending.values),
        severity: pending.severity,
        message: pending.message,
        detail: pending.detail,
        origin: originOf(pending.values),
        invalidUtf8: pending.invalidUtf8,
      },
      nextOffset: pending.nextOffset,
      nextLine: pending.nextLine,
    });
  }

  private position(line: SplitLine): string {
    return positionText(this.options.identity, line.startOffset, line.lineNumber);
  }

  private malformed(reason: string, line: SplitLine): DecodedEntry {
    return {
      kind: 'malformed',
      malformed: { code: line.invalidUtf8 ? 'INVALID_UTF8' : 'LOG_LINE_MALFORMED', reason, position: this.position(line) },
      nextOffset: line.endOffset,
      nextLine: line.lineNumber + 1,
    };
  }
}
