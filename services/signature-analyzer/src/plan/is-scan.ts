import type { PlanNode } from './plan-node.js';

const SCANS = new Set(['Seq Scan', 'Parallel Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Tid Scan', 'Tid Range Scan', 'Sample Scan']);

/** Whether a plan node reads a table's rows (sequentially or through an index). */
export function isScan(node: PlanNode): boolean {
  return SCANS.has(node.nodeType);
}
