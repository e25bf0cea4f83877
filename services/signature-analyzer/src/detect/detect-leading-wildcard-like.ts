import { CAPTURE_FLAGS } from './capture-flags.js';
import { analyzeTableIndexes } from '../schema/analyze-table-indexes.js';
import { canonicalExpression } from '../schema/canonical-expression.js';
import type { PredicateFact } from '../ast/query-facts.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult, SilenceNote } from './detected-pattern.js';
import { isSeqScan } from '../plan/is-seq-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

const TRIGRAM = new Set(['gin_trgm_ops', 'gist_trgm_ops']);

function hasTrigramIndex(predicate: PredicateFact): string | null {
  const table = predicate.column.reference.table;
  if (table === null) return null;
  const wanted = predicate.wrapper === null ? null : JSON.stringify(canonicalExpression(predicate.wrapper.expression));
  for (const analyzed of analyzeTableIndexes(table)) {
    for (const part of analyzed.parts) {
      if (!TRIGRAM.has(part.operatorClass)) continue;
      if (wanted === null && part.column === predicate.column.column) return analyzed.index.name;
      if (wanted !== null && part.expression !== null && JSON.stringify(canonicalExpression(part.expression)) === wanted) return analyzed.index.name;
    }
  }
  return null;
}

/**
 * LEADING_WILDCARD_LIKE: `col LIKE '%…'` / `ILIKE` on a large table without a trigram
 * (pg_trgm GIN/GiST) index on the column, which no btree can serve. What is visible:
 * a pattern constant that capture kept, `'%' || $1` and `concat('%', $1)`. A bare `$n`
 * pattern hides its first character: then only capture's LEADING_WILDCARD_LIKE flag tells.
 */
export function detectLeadingWildcardLike(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds, flags } = context;
  const flagged = flags.includes(CAPTURE_FLAGS.leadingWildcardLike);
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  const seen = new Set<string>();
  for (const predicate of facts.predicates) {
    if (predicate.operator !== 'LIKE' && predicate.operator !== 'ILIKE') continue;
    const leading = predicate.leadingWildcard === 'yes' || (predicate.leadingWildcard === 'unknown' && flagged);
    if (!leading) continue;
    const reference = predicate.column.reference;
    if (tableSize(reference, thresholds.largeTableRows) === 'small') {
      notes.push({ reason: 'SMALL_TABLE', detail: `${tableName(reference)} is small` });
      continue;
    }
    const key = `${reference.alias}.${predicate.column.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const trigram = hasTrigramIndex(predicate);
    if (trigram !== null) {
      notes.push({ reason: 'ALREADY_INDEXED', detail: `trigram index ${trigram} serves ${predicate.operator} on ${reference.name}.${predicate.column.column}` });
      continue;
    }
    const seqScan = plan === null ? undefined : scanNodesOf(plan, reference).find(isSeqScan);
    hits.push({
      pattern: 'LEADING_WILDCARD_LIKE',
      severity: seqScan !== undefined && seqScan.totalCost >= thresholds.scanCost ? 'HIGH' : 'MEDIUM',
      detail: `${predicate.operator} with a pattern starting with a wildcard on ${tableName(reference)}.${predicate.column.column} cannot use a btree index and there is no trigram index on it.`,
      figures: seqScan === undefined ? {} : { scanCost: seqScan.totalCost },
      columns: [{ column: predicate.column, role: 'FILTER', operator: predicate.operator }],
      thresholds: [],
      planNodes: seqScan === undefined ? [] : [seqScan],
      tables: [reference],
      skew: [],
    });
  }
  return { hits, notes };
}
