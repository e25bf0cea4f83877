import type { LogRecord } from './log-record.js';
import type { MalformedEntry } from './malformed-entry.js';

/** What a log decoder produces for one unit of input, with where the next unit starts. */
export type DecodedEntry =
  | { readonly kind: 'record'; readonly record: LogRecord; readonly nextOffset: number; readonly nextLine: number }
  | { readonly kind: 'malformed'; readonly malformed: MalformedEntry; readonly nextOffset: number; readonly nextLine: number };
