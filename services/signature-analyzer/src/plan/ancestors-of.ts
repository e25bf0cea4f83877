import type { PlanNode, WalkedPlan } from './plan-node.js';

/** The nodes from `node`'s parent up to the root. */
export function ancestorsOf(plan: WalkedPlan, node: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  for (let id = node.parentId; id !== null; id = plan.nodes[id]!.parentId) out.push(plan.nodes[id]!);
  return out;
}
