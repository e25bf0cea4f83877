import type { IndexModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { IndexCandidate } from './index-candidate.js';

/**
 * Existing indexes a candidate makes redundant: plain btree indexes (not unique, not the
 * primary key, not partial, no expressions, valid) whose key columns are a leading prefix,
 * in order and direction, of the candidate's keys, and whose INCLUDE columns the candidate
 * holds. Indexes backing constraints are never proposed for removal.
 */
export function findRedundantIndexes(candidate: IndexCandidate, table: TableModel): IndexModel[] {
  if (candidate.method !== 'btree' || candidate.predicate !== null) return [];
  const keys = candidate.keys.map((k) => k.column);
  const held = new Set([...keys.filter((k): k is string => k !== null), ...candidate.include]);
  return table.indexes.filter((index) => {
    if (!index.valid || index.unique || index.primary || index.predicate !== null || index.method !== 'btree') return false;
    if (index.keyParts.length === 0 || index.keyParts.length > keys.length) return false;
    const prefix = index.keyParts.every((part, i) => part.column !== null && part.column === keys[i] && part.descending === candidate.keys[i]!.descending && !candidate.keys[i]!.opclass);
    return prefix && index.include.every((c) => held.has(c));
  });
}
