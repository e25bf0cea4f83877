import { toDatabaseError } from '../db/to-database-error.js';
import { ShadowtuneError, toShadowtuneError } from '../errors/shadowtune-error.js';

/**
 * The ShadowtuneError a failed task attempt is judged by. Handlers throw ShadowtuneErrors;
 * a raw PostgreSQL or socket error (it carries a `code`) is mapped so that connection
 * losses are retriable; anything else is a bug (INTERNAL, not retried).
 */
export function classifyTaskError(error: unknown): ShadowtuneError {
  if (error instanceof ShadowtuneError) return error;
  if (error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') return toDatabaseError(error);
  return toShadowtuneError(error, 'INTERNAL');
}
