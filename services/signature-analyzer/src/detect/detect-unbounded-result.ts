import type { DetectionContext } from './detection-context.js';
import type { DetectorResult } from './detected-pattern.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

/**
 * UNBOUNDED_RESULT: a SELECT without LIMIT that returns at least unboundedResultRows rows
 * by the plan's estimate (without a plan: no filter at all on a large table). Aggregates
 * without GROUP BY return one row and are not it.
 */
export function detectUnboundedResult(context: DetectionContext): DetectorResult {
  const { facts, plan, settings, thresholds } = context;
  if (facts.statementKind !== 'SELECT' || facts.limit !== null || facts.aggregatesOnly) return { hits: [], notes: [] };
  // With a plan the estimate decides (the rows may come through a derived table); without one, only a table read at the top level.
  const large = facts.references.filter((r) => (plan !== null || r.scope === 0) && tableSize(r, thresholds.largeTableRows) !== 'small');
  if (large.length === 0) return { hits: [], notes: [] };
  let rows: number | null = null;
  if (plan !== null) {
    rows = plan.root.planRows;
    if (rows < settings.unboundedResultRows) return { hits: [], notes: [] };
  } else {
    const filtered = facts.predicates.some((p) => p.role === 'FILTER' && p.topLevel && large.includes(p.column.reference));
    if (filtered || facts.hasGroupBy) return { hits: [], notes: [] };
  }
  const main = large[0]!;
  return {
    hits: [
      {
        pattern: 'UNBOUNDED_RESULT',
        severity: rows !== null && rows >= settings.unboundedResultRows * 10 ? 'HIGH' : 'MEDIUM',
        detail:
          rows === null
            ? `SELECT from ${tableName(main)} has neither LIMIT nor filter: it returns the whole table.`
            : `SELECT without LIMIT returns about ${Math.round(rows)} rows from ${tableName(main)} (≥ ${settings.unboundedResultRows}); page it or filter more.`,
        figures: rows === null ? { tableRows: Math.max(main.table?.stats.rowEstimate ?? 0, 0) } : { estimatedRows: rows, unboundedResultRows: settings.unboundedResultRows },
        columns: [],
        thresholds: [],
        planNodes: plan === null ? [] : [plan.root],
        tables: [main],
        skew: [],
      },
    ],
    notes: [],
  };
}
