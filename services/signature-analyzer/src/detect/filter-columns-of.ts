import type { PredicateFact, TableReference } from '../ast/query-facts.js';

const SARGABLE = new Set(['=', 'IN', 'ANY', '<', '<=', '>', '>=', 'BETWEEN', 'IS NULL', 'LIKE']);

/**
 * The top-level, unwrapped filter predicates on `reference` that an index could serve:
 * equality, ranges, IN/ANY, IS NULL and LIKE whose pattern is not known to start with a
 * wildcard (by the text, or by capture's LEADING_WILDCARD_LIKE flag for a `$n` pattern). Equality predicates come first (the order a composite index wants).
 */
export function sargableFiltersOf(reference: TableReference, predicates: readonly PredicateFact[], leadingWildcardFlag = false): PredicateFact[] {
  const own = predicates.filter(
    (p) =>
      p.column.reference === reference &&
      p.role === 'FILTER' &&
      p.topLevel &&
      p.wrapper === null &&
      SARGABLE.has(p.operator) &&
      p.other.kind !== 'subquery' &&
      !(p.operator === 'LIKE' && (p.leadingWildcard === 'yes' || (p.leadingWildcard === 'unknown' && leadingWildcardFlag))),
  );
  const rank = (p: PredicateFact): number => (p.operator === '=' || p.operator === 'IN' || p.operator === 'ANY' ? 0 : p.operator === 'IS NULL' ? 1 : 2);
  return own.sort((a, b) => rank(a) - rank(b));
}
