import type { PlanNodeSummary } from './plan-node-summary.js';

const NODE_LINE = /^\s*(?:->\s*)?([A-Z][A-Za-z ]*?)(?:\s+using\s+(\S+))?(?:\s+on\s+(\S+)(?:\s+\S+)?)?\s+\(cost=[\d.]+\.\.[\d.]+\s+rows=(\d+)/;

/**
 * Plan nodes of a text-format plan excerpt (`Seq Scan on orders  (cost=0.00..1.00 rows=10 width=4)`,
 * `->  Index Scan using orders_pkey on orders o  (cost=...)`): what a finding carries when
 * no production connection is available to plan again.
 */
export function parsePlanExcerpt(text: string): PlanNodeSummary[] {
  const out: PlanNodeSummary[] = [];
  for (const line of text.split('\n')) {
    const match = NODE_LINE.exec(line);
    if (match === null) continue;
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    const relation = match[3] ?? null;
    out.push({
      nodeType: (match[1] ?? '').trim(),
      relation: relation === null ? null : relation.includes('.') ? relation.slice(relation.lastIndexOf('.') + 1) : relation,
      index: match[2] ?? null,
      planRows: match[4] === undefined ? null : Number(match[4]),
      depth: Math.floor(indent / 6),
    });
  }
  return out;
}
