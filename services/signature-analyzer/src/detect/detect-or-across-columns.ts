import { findServingIndex } from '../schema/find-serving-index.js';
import type { ColumnOf, PredicateFact } from '../ast/query-facts.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult, SilenceNote } from './detected-pattern.js';
import { isSeqScan } from '../plan/is-seq-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

function armServed(predicates: readonly PredicateFact[], all: readonly PredicateFact[]): boolean {
  return predicates.some((p) => p.role === 'FILTER' && p.wrapper === null && findServingIndex(p.column.reference, p.column.column, p.operator, all) !== null);
}

/**
 * OR_ACROSS_COLUMNS: `a = $1 OR b = $2` on different columns of a large table, where the
 * planner cannot combine indexes (BitmapOr) because some arm has no usable index, or the
 * arms are on different tables (no single index can serve them). Repeated conditions on
 * one column (an IN in disguise) and "optional filter" arms without a column are not it.
 */
export function detectOrAcrossColumns(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  for (const group of facts.orGroups) {
    const armColumns = group.arms.map((arm) => arm.columns);
    if (armColumns.some((columns) => columns.length === 0)) continue;
    const distinct = new Map<string, ColumnOf>();
    for (const columns of armColumns) for (const c of columns) distinct.set(`${c.reference.alias}.${c.column}`, c);
    if (distinct.size < 2) continue;
    const references = [...new Set([...distinct.values()].map((c) => c.reference))];
    const large = references.filter((r) => tableSize(r, thresholds.largeTableRows) !== 'small');
    if (large.length === 0) {
      notes.push({ reason: 'SMALL_TABLE', detail: `the OR spans only small tables` });
      continue;
    }
    const acrossTables = references.length > 1;
    if (!acrossTables && group.arms.every((arm) => armServed(arm.predicates, facts.predicates))) {
      notes.push({ reason: 'ALREADY_INDEXED', detail: `every arm of the OR on ${tableName(references[0]!)} has an index (BitmapOr)` });
      continue;
    }
    const seqScan = plan === null ? undefined : large.flatMap((r) => scanNodesOf(plan, r)).find(isSeqScan);
    const columns = [...distinct.values()];
    hits.push({
      pattern: 'OR_ACROSS_COLUMNS',
      severity: seqScan !== undefined && seqScan.totalCost >= thresholds.scanCost ? 'HIGH' : 'MEDIUM',
      detail: acrossTables
        ? `OR across columns of different tables (${columns.map((c) => `${c.reference.name}.${c.column}`).join(', ')}) cannot be served by any index and forces ${tableName(large[0]!)} to be filtered row by row.`
        : `OR across ${columns.map((c) => c.column).join(', ')} of ${tableName(references[0]!)}: not every arm has a usable index, so the planner cannot combine indexes and scans the table.`,
      figures: seqScan === undefined ? { arms: group.arms.length } : { arms: group.arms.length, scanCost: seqScan.totalCost },
      columns: columns.map((column) => ({ column, role: 'FILTER' as const, operator: 'OR' })),
      thresholds: [],
      planNodes: seqScan === undefined ? [] : [seqScan],
      tables: large,
      skew: columns,
    });
  }
  return { hits, notes };
}
