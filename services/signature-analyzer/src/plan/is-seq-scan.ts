import type { PlanNode } from './plan-node.js';

/** Whether a plan node reads a whole table sequentially. */
export function isSeqScan(node: PlanNode): boolean {
  return node.nodeType === 'Seq Scan' || node.nodeType === 'Parallel Seq Scan';
}
