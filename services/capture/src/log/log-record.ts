import type { SignatureSource } from '@shadowtune/shared/contracts/generated-types';
import type { LogOrigin } from './log-origin.js';

/** One PostgreSQL log message, whatever format it came in. `message` and `detail` are production data. */
export interface LogRecord {
  readonly source: SignatureSource;
  /** Identity of the input unit (e.g. file:<dev>:<inode>:<byte offset>:<line>); never statement text. */
  readonly position: string;
  /** When the server wrote it (ms since epoch); null when the log does not say. */
  readonly timestampMs: number | null;
  /** LOG, ERROR, WARNING, ... */
  readonly severity: string;
  readonly message: string;
  readonly detail: string | null;
  readonly origin: LogOrigin;
  /** The bytes were not valid UTF-8 and were decoded with replacement characters. */
  readonly invalidUtf8: boolean;
}
