/**
 * Why an examined fingerprint produced no finding. Every examination without a finding
 * records one of these in shadowtune.signature_examinations.
 */
export const SILENCE_REASONS = {
  NOT_PARSABLE: 'the PostgreSQL grammar does not accept the statement',
  NOT_A_QUERY: 'a transaction, session, DDL or utility command: nothing to tune',
  UNSUPPORTED_STATEMENT: 'a statement kind the analyzer does not tune (INSERT, MERGE, COPY, several statements, SELECT INTO)',
  NO_TABLES: 'the statement reads no table',
  SYSTEM_CATALOG: 'the statement reads only system catalogs',
  UNKNOWN_TABLE: 'a table the statement names is not in the schema model',
  UNKNOWN_COLUMN: 'a column the statement names is not in its table',
  NO_PLAN: 'no plan could be obtained and the statement alone shows no problem',
  SMALL_TABLE: 'every table the statement touches is below largeTableRows',
  ALREADY_INDEXED: 'the filtered, joined and sorted columns are served by existing indexes',
  SCAN_REQUIRED: 'the statement needs most rows of a large table: an index would not help',
  BELOW_THRESHOLD: 'plan costs and execution time are under PerformanceThreshold',
  NO_PATTERN_MATCHED: 'over PerformanceThreshold, but no known pattern explains it (left for the execution-time trend)',
} as const;

export type SilenceReason = keyof typeof SILENCE_REASONS;
