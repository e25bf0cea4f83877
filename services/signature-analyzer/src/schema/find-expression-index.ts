import { analyzeTableIndexes } from './analyze-table-indexes.js';
import type { AnalyzedIndex } from './analyzed-index.js';
import { canonicalExpression } from './canonical-expression.js';
import { partialPredicateImplied } from './partial-predicate-implied.js';
import type { PredicateFact, TableReference } from '../ast/query-facts.js';
import type { AstNode } from '../ast/ast-node.js';

/**
 * An expression index whose leading key is the same expression as `expression` (e.g.
 * `lower(email)` against `lower((email)::text)`), or null. Placeholders in the query match
 * any constant in the index expression (`date_trunc($1, ts)` vs `date_trunc('day', ts)`).
 */
export function findExpressionIndex(reference: TableReference, expression: AstNode, predicates: readonly PredicateFact[]): AnalyzedIndex | null {
  if (reference.table === null) return null;
  const wanted = JSON.stringify(canonicalExpression(expression));
  for (const analyzed of analyzeTableIndexes(reference.table)) {
    const leading = analyzed.parts[0];
    if (leading?.expression === null || leading === undefined) continue;
    if (JSON.stringify(canonicalExpression(leading.expression)) !== wanted) continue;
    if (!partialPredicateImplied(analyzed.predicate, reference, predicates)) continue;
    return analyzed;
  }
  return null;
}
