import type { PlanNodeSummary } from './plan-node-summary.js';

// EXPLAIN (FORMAT JSON) output: a loosely typed tree of records.
type Node = Record<string, unknown>;

/** The nodes of an EXPLAIN (FORMAT JSON) plan in pre-order (the JSON's `[{ Plan: ... }]` or a bare node). */
export function summarizePlan(plan: unknown): PlanNodeSummary[] {
  const out: PlanNodeSummary[] = [];
  const root = Array.isArray(plan) ? (plan[0] as Node | undefined)?.Plan : (plan as Node | undefined)?.Plan ?? plan;
  const visit = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    out.push({
      nodeType: typeof n['Node Type'] === 'string' ? (n['Node Type'] as string) : 'Unknown',
      relation: typeof n['Relation Name'] === 'string' ? (n['Relation Name'] as string) : null,
      index: typeof n['Index Name'] === 'string' ? (n['Index Name'] as string) : null,
      planRows: typeof n['Plan Rows'] === 'number' ? (n['Plan Rows'] as number) : null,
      depth,
    });
    const children = n.Plans;
    if (Array.isArray(children)) for (const child of children) visit(child, depth + 1);
  };
  visit(root, 0);
  return out;
}
