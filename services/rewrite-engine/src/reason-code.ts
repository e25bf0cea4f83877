/**
 * Why a finding, a candidate or a deployment ended without a change. Every "no proposal"
 * carries one of these (in shadowtune.rewrite_candidates / rewrite_skips) and tests assert them.
 */
export const REASON_CODES = {
  // A finding that gave no candidate at all.
  STATEMENT_NOT_ANALYSABLE: 'the statement could not be read with the PostgreSQL grammar',
  STATEMENT_KIND_UNSUPPORTED: 'only SELECT, UPDATE and DELETE statements are tuned',
  UNKNOWN_RELATION: 'the statement names a table the shadow schema does not have',
  NO_INDEXABLE_PREDICATE: 'no conjunct, join, sort or OR group an index could serve',
  ALREADY_INDEXED: 'an existing valid index already serves every candidate',
  NO_CANDIDATE: 'neither an index nor a rewrite applies to this statement',
  BASELINE_NOT_MEASURED: 'the dataset baseline could not be measured (e.g. its dataset was replaced or dropped first)',
  // A candidate that was not generated.
  EXPRESSION_NOT_INDEXABLE: 'the wrapped predicate could not be rebuilt as an index expression',
  TRIGRAM_UNAVAILABLE: 'a LIKE with a leading wildcard needs pg_trgm, which is not installed',
  TOO_MANY_COLUMNS: 'the candidate would exceed maxIndexColumns',
  DOMINANT_VALUE_UNKNOWN: 'one value dominates a filtered column, but its value is not known from production (opt in with productionValues.mostCommonValues): no partial index excluding it',
  NOT_IN_NULLABLE: 'NOT IN cannot become NOT EXISTS: a column involved may be NULL',
  REWRITE_NOT_SAFE: 'the rewrite would not keep the statement\'s meaning in this form',
  SCALAR_SUBQUERY_NOT_SINGLE_ROW: 'a correlated scalar subquery is not provably at most one row (LIMIT 1, an aggregate, a unique key), so a join could repeat outer rows where it raises an error',
  REWRITE_PARSER_UNSUPPORTED: 'the statement is outside what the rewriter parses',
  // A measured candidate that was not proposed.
  SETUP_FAILED: 'the candidate could not be built on the shadow',
  MEASUREMENT_FAILED: 'the candidate could not be measured',
  RESULT_MISMATCH: 'the rewrite returned different rows for some parameter set',
  INDEX_NOT_USED: 'the planner did not use the candidate index in any measured run',
  INSUFFICIENT_SPEEDUP: 'the median speed-up stayed below minSpeedup',
  HURTS_HEAVY_HITTER: 'helps some parameter values but slows the heavy hitters beyond tolerance',
  HURTS_TAIL: 'helps the heavy hitters but slows the tail values beyond tolerance',
  REGRESSES_FINGERPRINT: 'slower for the finding\'s own statement',
  REGRESSES_OTHER_FINGERPRINT: 'slows another statement on the same tables beyond tolerance',
  WRITE_COST_TOO_HIGH: 'the index slows writes on its table by more than maxWriteCostFactor',
  DOMINATED: 'another candidate for the same statement did better (or as well, serving more statements)',
  BASE_INDEX_NOT_PROPOSED: 'the index that would make the existing one redundant was not proposed',
  REDUNDANT_INDEX_STILL_USED: 'removing the existing index would slow a measured statement',
  ADVISORY_ONLY: 'needs an application change: proposed as advice, never deployed',
} as const;

export type ReasonCode = keyof typeof REASON_CODES;
