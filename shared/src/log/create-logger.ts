import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys that may carry statement text or parameters. pino replaces them wherever they
 * appear at these paths, so SQL only reaches a log when someone opts in by another name.
 */
export const REDACTED_PATHS = [
  'sql', 'params', 'parameters', 'statement', 'query', 'values', 'literal',
  '*.sql', '*.params', '*.parameters', '*.statement', '*.query', '*.values', '*.literal',
  'err.sql', 'err.params', 'error.sql', 'error.params',
];

export interface CreateLoggerOptions {
  readonly service: string;
  readonly level?: string;
  readonly destination?: DestinationStream;
}

function errorSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const base: Record<string, unknown> = { type: err.name, message: err.message };
  const coded = err as Error & { code?: unknown; retriable?: unknown };
  if (coded.code !== undefined) base.code = coded.code;
  if (coded.retriable !== undefined) base.retriable = coded.retriable;
  if (err.cause instanceof Error) base.cause = { type: err.cause.name, message: err.cause.message };
  if (err.stack !== undefined) base.stack = err.stack;
  return base;
}

/** One structured logger per service process; every line carries the service name. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.SHADOWTUNE_LOG_LEVEL ?? 'info',
    base: { service: options.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorSerializer, error: errorSerializer },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
