/** The patterns the analyzer names, in the order findings list them when severities tie. */
export const PATTERN_CODES = [
  'FULL_TABLE_SCAN',
  'MISSING_JOIN_INDEX',
  'MISSING_FILTER_INDEX',
  'INDEX_TYPE_MISMATCH',
  'NON_SARGABLE_PREDICATE',
  'LEADING_WILDCARD_LIKE',
  'OR_ACROSS_COLUMNS',
  'NOT_IN_SUBQUERY',
  'SORT_FOR_LIMIT',
  'DEEP_OFFSET',
  'UNBOUNDED_RESULT',
  'SELECT_STAR_WIDE',
  'N_PLUS_ONE',
] as const;

export type PatternCode = (typeof PATTERN_CODES)[number];
