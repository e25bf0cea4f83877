/**
 * The closed list of error codes. Each code says whether retrying the same work can
 * succeed; retry logic reads `retriable`, never a message. Add codes here, nowhere else.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { retriable: false, summary: 'a configuration value is missing or not allowed' },
  USAGE_INVALID: { retriable: false, summary: 'a command was called with wrong arguments' },
  DECODE_FAILED: { retriable: false, summary: 'an event could not be decoded with its schema' },
  ENCODE_FAILED: { retriable: false, summary: 'a record does not match its topic schema' },
  SCHEMA_INCOMPATIBLE: { retriable: false, summary: 'a schema change breaks the compatibility rules' },
  SCHEMA_REGISTRY_UNAVAILABLE: { retriable: true, summary: 'the schema registry could not be reached' },
  KAFKA_UNAVAILABLE: { retriable: true, summary: 'the Kafka cluster could not be reached' },
  BUS_CLOSED: { retriable: false, summary: 'the bus was used after it was closed' },
  HANDLER_FAILED: { retriable: true, summary: 'an event handler failed for an unclassified reason' },
  HANDLER_TIMEOUT: { retriable: true, summary: 'an event handler took longer than allowed' },
  DB_UNAVAILABLE: { retriable: true, summary: 'a PostgreSQL server could not be reached' },
  DB_QUERY_FAILED: { retriable: false, summary: 'PostgreSQL rejected a statement' },
  DB_SERIALIZATION_FAILURE: { retriable: true, summary: 'a transaction conflicted with another and can be retried' },
  DB_LOCK_TIMEOUT: { retriable: true, summary: 'a lock could not be taken within lock_timeout' },
  DB_STATEMENT_TIMEOUT: { retriable: false, summary: 'a statement ran past statement_timeout' },
  PRODUCTION_WRITE_REFUSED: { retriable: false, summary: 'a statement that may write was refused on the read-only production role' },
  MIGRATION_FAILED: { retriable: false, summary: 'a catalog migration failed' },
  EMBEDDED_POSTGRES_FAILED: { retriable: false, summary: 'the embedded PostgreSQL server could not be started' },
  LOG_LINE_MALFORMED: { retriable: false, summary: 'a log line is not a record of the expected format' },
  STATEMENT_UNPARSABLE: { retriable: false, summary: 'a statement is not valid PostgreSQL' },
  STATEMENT_TOO_LARGE: { retriable: false, summary: 'a statement is larger than the configured limit' },
  INVALID_UTF8: { retriable: false, summary: 'input bytes are not valid UTF-8' },
  INPUT_INVALID: { retriable: false, summary: 'input does not have the expected shape' },
  IDENTIFIER_INVALID: { retriable: false, summary: 'an identifier is empty, too long or otherwise not usable' },
  UNKNOWN_RELATION: { retriable: false, summary: 'a statement names a table or column the schema does not have' },
  SHADOW_FAILED: { retriable: true, summary: 'work on the shadow database failed' },
  GENERATION_FAILED: { retriable: false, summary: 'synthetic data could not be generated for a schema' },
  BENCH_FAILED: { retriable: true, summary: 'a measurement on the shadow failed' },
  VALIDATION_FAILED: { retriable: false, summary: 'a candidate change failed validation' },
  DEPLOYMENT_FAILED: { retriable: false, summary: 'a change could not be applied to production' },
  ROLLBACK_FAILED: { retriable: false, summary: 'a change could not be rolled back' },
  NOT_FOUND: { retriable: false, summary: 'the requested object does not exist' },
  CONFLICT: { retriable: false, summary: 'the request conflicts with the current state' },
  UNAUTHORIZED: { retriable: false, summary: 'the request lacks valid credentials' },
  WORKFLOW_TASK_FAILED: { retriable: true, summary: 'a workflow task failed' },
  INTERNAL: { retriable: false, summary: 'a bug in shadowtune' },
} as const satisfies Record<string, { retriable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
