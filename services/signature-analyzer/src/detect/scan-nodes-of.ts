import type { TableReference } from '../ast/query-facts.js';
import { isScan } from '../plan/is-scan.js';
import type { PlanNode, WalkedPlan } from '../plan/plan-node.js';

/**
 * The plan's scan nodes of one table reference: matched by relation and alias (VERBOSE
 * plans carry both), or by relation alone when the alias is not in the plan.
 */
export function scanNodesOf(plan: WalkedPlan, reference: TableReference): PlanNode[] {
  const scans = plan.nodes.filter((node) => isScan(node) && node.relationName === reference.name && (node.schema === null || reference.schema === null || node.schema === reference.schema));
  const byAlias = scans.filter((node) => node.alias === reference.alias);
  return byAlias.length > 0 ? byAlias : scans;
}
