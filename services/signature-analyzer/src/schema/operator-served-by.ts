const EQUALITY = new Set(['=', 'IN', 'ANY', 'IS NOT DISTINCT FROM']);
const RANGE = new Set(['<', '<=', '>', '>=', 'BETWEEN']);
const NULL_TESTS = new Set(['IS NULL', 'IS NOT NULL']);
const PATTERN_OPCLASSES = new Set(['text_pattern_ops', 'varchar_pattern_ops', 'bpchar_pattern_ops']);
const TRIGRAM_OPCLASSES = new Set(['gin_trgm_ops', 'gist_trgm_ops']);
const CONTAINMENT = new Set(['@>', '<@', '?', '?|', '?&', '&&', '@@', '@?']);

/**
 * Whether an index part of access method `method` and operator class `operatorClass` can
 * serve `operator` on its column. LIKE needs a *_pattern_ops btree (the database collation
 * is not known to be C) or a trigram index; ILIKE only a trigram index; <> and NOT IN
 * no index at all.
 */
export function operatorServedBy(method: string, operatorClass: string, operator: string): boolean {
  const trigram = TRIGRAM_OPCLASSES.has(operatorClass);
  switch (method) {
    case 'btree':
      if (operator === 'LIKE') return PATTERN_OPCLASSES.has(operatorClass);
      if (PATTERN_OPCLASSES.has(operatorClass)) return EQUALITY.has(operator) || operator === 'LIKE';
      return EQUALITY.has(operator) || RANGE.has(operator) || NULL_TESTS.has(operator);
    case 'hash':
      return operator === '=' || operator === 'IN' || operator === 'ANY';
    case 'gin':
      if (trigram) return operator === 'LIKE' || operator === 'ILIKE' || operator === '~' || operator === '~*' || operator === '=';
      return CONTAINMENT.has(operator);
    case 'gist':
      if (trigram) return operator === 'LIKE' || operator === 'ILIKE' || operator === '~' || operator === '~*' || operator === '=';
      return CONTAINMENT.has(operator) || operator === '<->';
    case 'spgist':
      return EQUALITY.has(operator) || RANGE.has(operator) || CONTAINMENT.has(operator);
    case 'brin':
      return RANGE.has(operator) || operator === '=';
    default:
      return false;
  }
}
