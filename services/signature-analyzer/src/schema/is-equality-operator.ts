const EQUALITY = new Set(['=', 'IN', 'ANY', 'IS NOT DISTINCT FROM']);

/** Operators an equality-constrained prefix of a btree index needs (for the leading-column rule). */
export function isEqualityOperator(operator: string): boolean {
  return EQUALITY.has(operator);
}
