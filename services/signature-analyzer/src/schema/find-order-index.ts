import { analyzeTableIndexes } from './analyze-table-indexes.js';
import type { AnalyzedIndex } from './analyzed-index.js';
import { isEqualityOperator } from './is-equality-operator.js';
import { partialPredicateImplied } from './partial-predicate-implied.js';
import type { PredicateFact, SortKeyFact, TableReference } from '../ast/query-facts.js';

/**
 * A btree index of `reference` that returns rows already in the ORDER BY order: after a
 * prefix of key parts pinned by equality predicates, its next parts are the sort columns
 * in order, all in the index's direction or all reversed (a backward scan). Null if none.
 */
export function findOrderIndex(reference: TableReference, sortKeys: readonly SortKeyFact[], predicates: readonly PredicateFact[]): AnalyzedIndex | null {
  if (reference.table === null || sortKeys.length === 0) return null;
  if (sortKeys.some((key) => key.column === null || key.column.reference !== reference)) return null;
  const pinned = new Set(
    predicates
      .filter((p) => p.column.reference === reference && p.wrapper === null && p.topLevel && isEqualityOperator(p.operator) && p.operator !== 'IN' && p.operator !== 'ANY')
      .map((p) => p.column.column),
  );
  for (const analyzed of analyzeTableIndexes(reference.table)) {
    if (analyzed.method !== 'btree') continue;
    let start = 0;
    while (start < analyzed.parts.length && analyzed.parts[start]!.column !== null && pinned.has(analyzed.parts[start]!.column!) && analyzed.parts[start]!.column !== sortKeys[0]!.column!.column) start++;
    const parts = analyzed.parts.slice(start, start + sortKeys.length);
    if (parts.length < sortKeys.length) continue;
    const sameColumns = parts.every((part, i) => part.column === sortKeys[i]!.column!.column);
    if (!sameColumns) continue;
    const forward = parts.every((part, i) => part.descending === sortKeys[i]!.descending);
    const backward = parts.every((part, i) => part.descending !== sortKeys[i]!.descending);
    if (!forward && !backward) continue;
    if (!partialPredicateImplied(analyzed.predicate, reference, predicates)) continue;
    return analyzed;
  }
  return null;
}
