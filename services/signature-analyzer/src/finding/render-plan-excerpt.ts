import type { PlanNode, WalkedPlan } from '../plan/plan-node.js';

const MAX_CHARS = 2_000;

function line(node: PlanNode): string[] {
  const on = node.relationName === null ? '' : ` on ${node.schema === null ? '' : `${node.schema}.`}${node.relationName}${node.alias !== null && node.alias !== node.relationName ? ` ${node.alias}` : ''}`;
  const using = node.indexName === null ? '' : ` using ${node.indexName}`;
  const head = `${node.nodeType}${using}${on}  (cost=${node.startupCost.toFixed(2)}..${node.totalCost.toFixed(2)} rows=${Math.round(node.planRows)} width=${node.planWidth})`;
  const details: string[] = [];
  if (node.indexCond) details.push(`Index Cond: ${node.indexCond}`);
  if (node.hashCond) details.push(`Hash Cond: ${node.hashCond}`);
  if (node.mergeCond) details.push(`Merge Cond: ${node.mergeCond}`);
  if (node.joinFilter) details.push(`Join Filter: ${node.joinFilter}`);
  if (node.filter) details.push(`Filter: ${node.filter}`);
  if (node.sortKey.length > 0) details.push(`Sort Key: ${node.sortKey.join(', ')}`);
  return [head, ...details.map((d) => `  ${d}`)];
}

/**
 * The part of the plan that shows the problem, in EXPLAIN's text style: the nodes the
 * detectors named and the path from the root down to them. Plans are of `$n` statements,
 * so they hold no production value.
 */
export function renderPlanExcerpt(plan: WalkedPlan, nodes: readonly PlanNode[]): string | null {
  if (nodes.length === 0) return null;
  const keep = new Set<number>();
  for (const node of nodes) for (let id: number | null = node.id; id !== null; id = plan.nodes[id]!.parentId) keep.add(id);
  const out: string[] = [];
  for (const node of plan.nodes) {
    if (!keep.has(node.id)) continue;
    const indent = '  '.repeat(node.depth);
    const [head, ...rest] = line(node);
    out.push(`${indent}${node.depth > 0 ? '->  ' : ''}${head}`);
    for (const detail of rest) out.push(`${indent}${node.depth > 0 ? '    ' : ''}${detail}`);
  }
  const text = out.join('\n');
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
