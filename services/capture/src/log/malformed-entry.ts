import type { ErrorCode } from '@shadowtune/shared/errors/error-codes';

/** Input that is not a log record of the expected format; dead-lettered without its bytes. */
export interface MalformedEntry {
  readonly code: ErrorCode;
  /** For a person; never contains input text. */
  readonly reason: string;
  readonly position: string;
}
