import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

const UNAVAILABLE_CODES = new Set(['DB_UNAVAILABLE', 'KAFKA_UNAVAILABLE', 'SCHEMA_REGISTRY_UNAVAILABLE', 'EMBEDDED_POSTGRES_FAILED']);
const USAGE_CODES = new Set(['CONFIG_INVALID', 'USAGE_INVALID']);

/** Maps an error that ended a command to its documented exit code. */
export function exitCodeOf(error: unknown): ExitCode {
  if (!(error instanceof ShadowtuneError)) return EXIT_CODES.FAILURE;
  if (USAGE_CODES.has(error.code)) return EXIT_CODES.USAGE;
  if (UNAVAILABLE_CODES.has(error.code)) return EXIT_CODES.UNAVAILABLE;
  return EXIT_CODES.FAILURE;
}
