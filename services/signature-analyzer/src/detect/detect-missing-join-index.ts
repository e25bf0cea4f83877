import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { ColumnOf } from '../ast/query-facts.js';
import type { PlanNode, WalkedPlan } from '../plan/plan-node.js';
import { findServingIndex } from '../schema/find-serving-index.js';
import { columnName } from './column-name.js';
import type { DetectionContext } from './detection-context.js';
import { NOTHING, type DetectedPattern, type DetectorResult, type SilenceNote } from './detected-pattern.js';
import { ancestorsOf } from '../plan/ancestors-of.js';
import { isSeqScan } from '../plan/is-seq-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { severityByMargin } from './severity-by-margin.js';
import { tableName } from './table-name.js';
import { tableRows } from './table-rows.js';
import { tableSize } from './table-size.js';

const JOINS = new Set(['Hash Join', 'Merge Join', 'Nested Loop']);
/** Planner cost of one index probe (random_page_cost) and of each row it returns. */
const PROBE_COST = 4;
const ROW_COST = 1;

function containsNode(plan: WalkedPlan, rootId: number, target: PlanNode): boolean {
  for (let id: number | null = target.id; id !== null; id = plan.nodes[id]!.parentId) if (id === rootId) return true;
  return false;
}

function rowsPerKey(column: ColumnOf): number {
  const table = column.reference.table!;
  const rows = Math.max(table.stats.rowEstimate, 1);
  const nDistinct = findColumn(table, column.column)?.stats?.nDistinct ?? 0;
  const distinct = nDistinct > 0 ? nDistinct : nDistinct < 0 ? -nDistinct * rows : rows / 10;
  return rows / Math.max(distinct, 1);
}

/**
 * MISSING_JOIN_INDEX: an equality join reads a large inner table with a sequential scan,
 * the join (or the correlated subplan) costs at least PerformanceThreshold.joinCost, no
 * valid index leads with the inner join key, and probing such an index once per outer row
 * would cost less than the scan (otherwise the hash join over everything is right:
 * SCAN_REQUIRED).
 */
export function detectMissingJoinIndex(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  if (plan === null) return NOTHING;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  const seen = new Set<string>();
  for (const predicate of facts.predicates) {
    if (predicate.role !== 'JOIN' || predicate.operator !== '=' || predicate.wrapper !== null || predicate.other.column === null) continue;
    const inner = predicate.column;
    const outer = predicate.other.column;
    const key = `${inner.reference.scope}:${inner.reference.alias}.${inner.column}`;
    if (seen.has(key)) continue;
    if (tableSize(inner.reference, thresholds.largeTableRows) !== 'large') continue;
    const scan = scanNodesOf(plan, inner.reference).find(isSeqScan);
    if (scan === undefined) continue;
    seen.add(key);
    const ancestors = ancestorsOf(plan, scan);
    const join = ancestors.find((node) => JOINS.has(node.nodeType)) ?? null;
    const underSubplan = ancestors.some((node) => node.parentRelationship === 'SubPlan') && (join === null || ancestors.indexOf(join) > ancestors.findIndex((n) => n.parentRelationship === 'SubPlan'));
    const costNode = join === null || underSubplan ? plan.root : join;
    if (costNode.totalCost < thresholds.joinCost) {
      notes.push({ reason: 'BELOW_THRESHOLD', detail: `join on ${columnName(inner)} costs ${costNode.totalCost.toFixed(0)} < joinCost ${thresholds.joinCost}` });
      continue;
    }
    const index = findServingIndex(inner.reference, inner.column, '=', facts.predicates);
    if (index !== null) {
      notes.push({ reason: 'ALREADY_INDEXED', detail: `index ${index.index.name} serves the join key ${columnName(inner)}` });
      continue;
    }
    let outerRows = 1;
    if (join !== null && !underSubplan) {
      const otherChild = join.childIds.map((id) => plan.nodes[id]!).find((child) => !containsNode(plan, child.id, scan));
      outerRows = otherChild?.planRows ?? 1;
    } else {
      const subplanRoot = ancestors.find((node) => node.parentRelationship === 'SubPlan');
      const host = subplanRoot?.parentId != null ? plan.nodes[subplanRoot.parentId] : undefined;
      outerRows = host?.planRows ?? 1;
    }
    const indexedCost = outerRows * (PROBE_COST + ROW_COST * rowsPerKey(inner));
    const scanCost = underSubplan ? costNode.totalCost : scan.totalCost;
    if (indexedCost >= scanCost) {
      notes.push({ reason: 'SCAN_REQUIRED', detail: `the join reads most of ${tableName(inner.reference)} (${Math.round(outerRows)} outer rows)` });
      continue;
    }
    hits.push({
      pattern: 'MISSING_JOIN_INDEX',
      severity: severityByMargin(costNode.totalCost, thresholds.joinCost),
      detail: `${join?.nodeType ?? 'Correlated subquery'} on ${columnName(inner)} = ${columnName(outer)} scans all ${tableRows(inner.reference)} rows of ${tableName(inner.reference)}: no index leads with ${columnName(inner)} (join cost ${costNode.totalCost.toFixed(0)} ≥ joinCost ${thresholds.joinCost}).`,
      figures: { joinCost: costNode.totalCost, innerScanCost: scan.totalCost, innerRows: tableRows(inner.reference), outerRows, estimatedIndexedCost: indexedCost },
      columns: [
        { column: inner, role: 'JOIN', operator: '=' },
        { column: outer, role: 'JOIN', operator: '=' },
      ],
      thresholds: [{ metric: 'joinCost', value: costNode.totalCost, threshold: thresholds.joinCost }],
      planNodes: [costNode, scan],
      tables: [inner.reference, outer.reference],
      skew: [inner],
    });
  }
  return { hits, notes };
}
