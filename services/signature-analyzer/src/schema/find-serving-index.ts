import { analyzeTableIndexes } from './analyze-table-indexes.js';
import type { AnalyzedIndex } from './analyzed-index.js';
import { operatorServedBy } from './operator-served-by.js';
import { isEqualityOperator } from './is-equality-operator.js';
import { partialPredicateImplied } from './partial-predicate-implied.js';
import type { PredicateFact, TableReference } from '../ast/query-facts.js';
import { namesOf, type AstNode } from '../ast/ast-node.js';
import { walkAst } from '../ast/walk-ast.js';

function predicateMentions(predicate: readonly AstNode[], column: string): boolean {
  let found = false;
  walkAst(predicate, (t) => {
    if (t.tag === 'ColumnRef' && namesOf(t.body.fields).pop() === column) found = true;
    return !found;
  });
  return found;
}

const ORDERED_METHODS = new Set(['btree']);

/**
 * An index of `reference`'s table that can serve `operator` on `column` for this query,
 * or null. Leading-column rule: in a btree (or hash) index the column must be the first
 * key part, or every part before it must be pinned by an equality predicate of the query;
 * GIN, GiST and BRIN parts can be used in any position. A partial index counts only when
 * the query implies its predicate; one whose predicate pins the column serves an equality on it.
 */
export function findServingIndex(
  reference: TableReference,
  column: string,
  operator: string,
  predicates: readonly PredicateFact[],
): AnalyzedIndex | null {
  if (reference.table === null) return null;
  const equalityPinned = new Set(
    predicates
      .filter((p) => p.column.reference === reference && p.wrapper === null && p.topLevel && isEqualityOperator(p.operator))
      .map((p) => p.column.column),
  );
  for (const analyzed of analyzeTableIndexes(reference.table)) {
    // A partial index whose WHERE clause pins this column (`WHERE status = 'pending'`) serves
    // an equality on it when the query implies that clause, whatever its key columns.
    if (isEqualityOperator(operator) && analyzed.predicate.length > 0 && predicateMentions(analyzed.predicate, column) && partialPredicateImplied(analyzed.predicate, reference, predicates)) {
      return analyzed;
    }
    const position = analyzed.parts.findIndex((part) => part.column === column && operatorServedBy(analyzed.method, part.operatorClass, operator));
    if (position < 0) continue;
    if (ORDERED_METHODS.has(analyzed.method) || analyzed.method === 'hash') {
      const prefix = analyzed.parts.slice(0, position);
      if (!prefix.every((part) => part.column !== null && equalityPinned.has(part.column))) continue;
    }
    if (!partialPredicateImplied(analyzed.predicate, reference, predicates)) continue;
    return analyzed;
  }
  return null;
}
