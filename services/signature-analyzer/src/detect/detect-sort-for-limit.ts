import { findOrderIndex } from '../schema/find-order-index.js';
import type { PlanNode, WalkedPlan } from '../plan/plan-node.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectorResult } from './detected-pattern.js';
import { tableName } from './table-name.js';

/** The first full Sort under the statement's top Limit (not below another Limit). */
function sortUnderLimit(plan: WalkedPlan): { limit: PlanNode; sort: PlanNode } | null {
  const limit = plan.nodes.find((n) => n.nodeType === 'Limit');
  if (limit === undefined) return null;
  const stack = [...limit.childIds];
  while (stack.length > 0) {
    const node = plan.nodes[stack.shift()!]!;
    if (node.nodeType === 'Sort') return { limit, sort: node };
    if (node.nodeType === 'Limit' || node.nodeType === 'Incremental Sort') continue;
    if (node.parentRelationship === 'InitPlan' || node.parentRelationship === 'SubPlan') continue;
    stack.push(...node.childIds);
  }
  return null;
}

/**
 * SORT_FOR_LIMIT: ORDER BY … LIMIT where the plan sorts a large input (at least
 * largeTableRows estimated rows) to return a few, because no index returns rows in that
 * order (after the equality-filtered columns). With such an index the generic plan's sort
 * is the planner's call: ALREADY_INDEXED.
 */
export function detectSortForLimit(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  if (plan === null || facts.limit === null || facts.sortKeys.length === 0) return { hits: [], notes: [] };
  const found = sortUnderLimit(plan);
  if (found === null) return { hits: [], notes: [] };
  const { limit, sort } = found;
  const input = sort.childIds.length > 0 ? plan.nodes[sort.childIds[0]!]!.planRows : sort.planRows;
  if (input < thresholds.largeTableRows) {
    return { hits: [], notes: [{ reason: 'BELOW_THRESHOLD', detail: `the sort under LIMIT reads about ${Math.round(input)} rows` }] };
  }
  const sortColumns = facts.sortKeys.filter((k) => k.column !== null).map((k) => k.column!);
  const reference = sortColumns[0]?.reference ?? null;
  const single = reference !== null && sortColumns.length === facts.sortKeys.length && sortColumns.every((c) => c.reference === reference);
  if (single) {
    const index = findOrderIndex(reference, facts.sortKeys, facts.predicates);
    if (index !== null) return { hits: [], notes: [{ reason: 'ALREADY_INDEXED', detail: `index ${index.index.name} returns ${reference.name} in ORDER BY order` }] };
  }
  const keys = sort.sortKey.length > 0 ? sort.sortKey.join(', ') : sortColumns.map((c) => c.column).join(', ');
  return {
    hits: [
      {
        pattern: 'SORT_FOR_LIMIT',
        severity: input >= thresholds.largeTableRows * 10 ? 'HIGH' : 'MEDIUM',
        detail: single
          ? `ORDER BY ${keys} LIMIT sorts about ${Math.round(input)} rows of ${tableName(reference)} to return a few: no index on ${reference.name} provides that order.`
          : `ORDER BY ${keys} LIMIT sorts about ${Math.round(input)} rows to return a few; the sort keys span several tables or expressions, so no single index provides the order.`,
        figures: { sortInputRows: input, sortCost: sort.totalCost, limitCost: limit.totalCost },
        columns: facts.sortKeys.filter((k) => k.column !== null).map((k) => ({ column: k.column!, role: 'SORT' as const, operator: k.descending ? 'DESC' : 'ASC' })),
        thresholds: [],
        planNodes: [limit, sort],
        tables: reference === null ? [] : [reference],
        skew: [],
      },
    ],
    notes: [],
  };
}
