import type { DetectionContext } from './detection-context.js';
import { NOTHING, type DetectedPattern, type DetectorResult, type SilenceNote } from './detected-pattern.js';
import { executionTimeCrossing } from './execution-time-crossing.js';
import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import { findServingIndex } from '../schema/find-serving-index.js';
import { sargableFiltersOf } from './filter-columns-of.js';
import { CAPTURE_FLAGS } from './capture-flags.js';
import { planCastColumns } from './plan-cast-columns.js';
import { isRelabelCast } from './relabel-cast.js';
import { isSeqScan } from '../plan/is-seq-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { severityByMargin } from './severity-by-margin.js';
import { tableName } from './table-name.js';
import { tableRows } from './table-rows.js';
import { tableSize } from './table-size.js';

/**
 * FULL_TABLE_SCAN: the plan reads a large table sequentially to keep a small share of it
 * (estimated rows / table rows ≤ selectiveFraction) and the scan costs at least
 * PerformanceThreshold.scanCost, or the fingerprint's mean time is over executionTimeMs.
 * A scan that keeps most rows is needed (SCAN_REQUIRED), not a finding; nor is one where
 * an index serves a filter column (ALREADY_INDEXED): the generic plan, blind to the values,
 * may prefer the scan, and a real value would pick the index. An index defeated by a type
 * mismatch (the plan casts the column) does not count as serving.
 */
export function detectFullTableScan(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds, settings } = context;
  if (plan === null) return NOTHING;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  const timeCrossing = executionTimeCrossing(context);
  for (const reference of facts.references) {
    if (tableSize(reference, thresholds.largeTableRows) !== 'large') continue;
    for (const node of scanNodesOf(plan, reference)) {
      if (!isSeqScan(node) || node.filter === null) continue;
      const rows = tableRows(reference);
      const selectivity = node.planRows / Math.max(rows, 1);
      if (selectivity > settings.selectiveFraction) {
        notes.push({ reason: 'SCAN_REQUIRED', detail: `the filter on ${tableName(reference)} keeps about ${Math.round(selectivity * 100)} % of its rows` });
        continue;
      }
      const costCrossed = node.totalCost >= thresholds.scanCost;
      if (!costCrossed && timeCrossing.length === 0) {
        notes.push({ reason: 'BELOW_THRESHOLD', detail: `sequential scan of ${tableName(reference)} costs ${node.totalCost.toFixed(0)} < scanCost ${thresholds.scanCost}` });
        continue;
      }
      const filters = sargableFiltersOf(reference, facts.predicates, context.flags.includes(CAPTURE_FLAGS.leadingWildcardLike));
      // An index serves one of the filters (and the server does not cast that column): the
      // sequential scan is the generic plan's choice for unknown values, not a missing access path.
      const casts = planCastColumns(node);
      const served = filters
        .filter((p) => !casts.has(p.column.column) || isRelabelCast(findColumn(reference.table!, p.column.column)!, casts.get(p.column.column)!))
        .map((p) => ({ p, index: findServingIndex(reference, p.column.column, p.operator, facts.predicates) }))
        .find((s) => s.index !== null);
      if (served !== undefined) {
        notes.push({ reason: 'ALREADY_INDEXED', detail: `index ${served.index!.index.name} serves ${reference.name}.${served.p.column.column}` });
        continue;
      }
      const wrapped = facts.predicates.filter((p) => p.column.reference === reference && p.role === 'FILTER' && p.wrapper !== null);
      const columns = [...filters, ...wrapped];
      const named = [...new Set(columns.map((p) => p.column.column))];
      hits.push({
        pattern: 'FULL_TABLE_SCAN',
        severity: timeCrossing.length > 0 ? 'HIGH' : severityByMargin(node.totalCost, thresholds.scanCost),
        detail:
          `Sequential scan of ${tableName(reference)} (${rows} rows) keeps about ${Math.max(1, Math.round(node.planRows))} rows` +
          (named.length > 0 ? ` through its filter on ${named.join(', ')}` : ' through its filter') +
          ` (cost ${node.totalCost.toFixed(0)}${costCrossed ? ` ≥ scanCost ${thresholds.scanCost}` : ''}).`,
        figures: { scanCost: node.totalCost, tableRows: rows, estimatedRows: node.planRows, selectivity },
        columns: columns.map((p) => ({ column: p.column, role: 'FILTER' as const, operator: p.wrapper ? `${p.wrapper.name}() ${p.operator}` : p.operator })),
        thresholds: [...(costCrossed ? [{ metric: 'scanCost', value: node.totalCost, threshold: thresholds.scanCost }] : []), ...timeCrossing],
        planNodes: [node],
        tables: [reference],
        skew: columns.map((p) => p.column),
      });
    }
  }
  return { hits, notes };
}
