import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface ShadowtuneErrorOptions {
  readonly cause?: unknown;
  /** Overrides the code's default retriable flag (e.g. a DB error known to be transient). */
  readonly retriable?: boolean;
  /** Statement text, kept for a debugger but never enumerable, so never logged or serialized. */
  readonly sql?: string;
  /** Statement parameters, kept like `sql`. */
  readonly params?: readonly unknown[];
  /** Non-sensitive context (names of tables, keys, topics) safe to log. */
  readonly context?: Readonly<Record<string, string | number | boolean>>;
}

/** Every error shadowtune raises on purpose: a stable code, a retriable flag and a cause. */
export class ShadowtuneError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: Readonly<Record<string, string | number | boolean>>;
  declare readonly sql?: string;
  declare readonly params?: readonly unknown[];

  constructor(code: ErrorCode, message: string, options: ShadowtuneErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ShadowtuneError';
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    this.context = options.context ?? {};
    // Non-enumerable: pino, JSON.stringify and util.inspect's default view skip them.
    Object.defineProperty(this, 'sql', { value: options.sql, enumerable: false });
    Object.defineProperty(this, 'params', { value: options.params, enumerable: false });
    Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true });
  }

  toJSON(): { code: ErrorCode; message: string; retriable: boolean; context: Record<string, string | number | boolean> } {
    return { code: this.code, message: this.message, retriable: this.retriable, context: { ...this.context } };
  }
}

/** Wraps anything thrown into a ShadowtuneError, keeping an existing one as it is. */
export function toShadowtuneError(error: unknown, fallback: ErrorCode = 'INTERNAL'): ShadowtuneError {
  if (error instanceof ShadowtuneError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ShadowtuneError(fallback, message, { cause: error });
}

export function isRetriable(error: unknown): boolean {
  return error instanceof ShadowtuneError ? error.retriable : false;
}
