import type { DetectionContext } from './detection-context.js';
import { NOTHING, type DetectedPattern, type DetectorResult, type SilenceNote } from './detected-pattern.js';
import { sargableFiltersOf } from './filter-columns-of.js';
import { CAPTURE_FLAGS } from './capture-flags.js';
import { findServingIndex } from '../schema/find-serving-index.js';
import { isScan } from '../plan/is-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { severityByMargin } from './severity-by-margin.js';
import { tableName } from './table-name.js';
import { tableRows } from './table-rows.js';
import { tableSize } from './table-size.js';

function mentions(filter: string, column: string): boolean {
  return new RegExp(`(^|[^\\w"])"?${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w"]|$)`).test(filter);
}

/**
 * MISSING_FILTER_INDEX: a scan of a large table applies a selective Filter costing at least
 * PerformanceThreshold.filterCost, on columns compared in a way an index could serve
 * (equality, range, IN, IS NULL, prefix LIKE), and no valid index leads with any of them
 * (leading-column rule, operator class and partial-index predicate considered). When one
 * does, the generic plan's choice is not the schema's fault: ALREADY_INDEXED.
 */
export function detectMissingFilterIndex(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds, settings } = context;
  if (plan === null) return NOTHING;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  for (const reference of facts.references) {
    if (tableSize(reference, thresholds.largeTableRows) !== 'large') continue;
    for (const node of scanNodesOf(plan, reference)) {
      if (!isScan(node) || node.filter === null) continue;
      const filters = sargableFiltersOf(reference, facts.predicates, context.flags.includes(CAPTURE_FLAGS.leadingWildcardLike)).filter((p) => mentions(node.filter!, p.column.column));
      if (filters.length === 0) continue;
      const rows = tableRows(reference);
      const selectivity = node.planRows / Math.max(rows, 1);
      if (selectivity > settings.selectiveFraction) {
        notes.push({ reason: 'SCAN_REQUIRED', detail: `the filter on ${tableName(reference)} is not selective (about ${Math.round(selectivity * 100)} % of rows)` });
        continue;
      }
      if (node.totalCost < thresholds.filterCost) {
        notes.push({ reason: 'BELOW_THRESHOLD', detail: `filtering scan of ${tableName(reference)} costs ${node.totalCost.toFixed(0)} < filterCost ${thresholds.filterCost}` });
        continue;
      }
      const served = filters.map((p) => ({ predicate: p, index: findServingIndex(reference, p.column.column, p.operator, facts.predicates) }));
      const indexed = served.find((s) => s.index !== null);
      if (indexed !== undefined) {
        notes.push({ reason: 'ALREADY_INDEXED', detail: `index ${indexed.index!.index.name} serves ${reference.name}.${indexed.predicate.column.column}` });
        continue;
      }
      const names = [...new Set(filters.map((p) => p.column.column))];
      hits.push({
        pattern: 'MISSING_FILTER_INDEX',
        severity: severityByMargin(node.totalCost, thresholds.filterCost),
        detail: `No index on ${tableName(reference)} leads with ${names.join(' or ')}, so the filter (${filters.map((p) => `${p.column.column} ${p.operator} …`).join(' AND ')}) is applied row by row (filter cost ${node.totalCost.toFixed(0)} ≥ filterCost ${thresholds.filterCost}).`,
        figures: { filterCost: node.totalCost, tableRows: rows, estimatedRows: node.planRows, selectivity },
        columns: filters.map((p) => ({ column: p.column, role: 'FILTER' as const, operator: p.operator })),
        thresholds: [{ metric: 'filterCost', value: node.totalCost, threshold: thresholds.filterCost }],
        planNodes: [node],
        tables: [reference],
        skew: filters.map((p) => p.column),
      });
    }
  }
  return { hits, notes };
}
