import type { TableReference } from '../ast/query-facts.js';
import type { PlanNode, WalkedPlan } from '../plan/plan-node.js';

const SCANS = new Set(['Seq Scan', 'Parallel Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Tid Scan', 'Tid Range Scan', 'Sample Scan']);

export function isScan(node: PlanNode): boolean {
  return SCANS.has(node.nodeType);
}

export function isSeqScan(node: PlanNode): boolean {
  return node.nodeType === 'Seq Scan' || node.nodeType === 'Parallel Seq Scan';
}

/**
 * The plan's scan nodes of one table reference: matched by relation and alias (VERBOSE
 * plans carry both), or by relation alone when the alias is not in the plan.
 */
export function scanNodesOf(plan: WalkedPlan, reference: TableReference): PlanNode[] {
  const scans = plan.nodes.filter((node) => isScan(node) && node.relationName === reference.name && (node.schema === null || reference.schema === null || node.schema === reference.schema));
  const byAlias = scans.filter((node) => node.alias === reference.alias);
  return byAlias.length > 0 ? byAlias : scans;
}

/** The nodes from `node` up to the root. */
export function ancestorsOf(plan: WalkedPlan, node: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  for (let id = node.parentId; id !== null; id = plan.nodes[id]!.parentId) out.push(plan.nodes[id]!);
  return out;
}
