/** A node of EXPLAIN (FORMAT JSON) output, as far as we read it. */
export interface ExplainNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Schema?: string;
  readonly 'Index Name'?: string;
  readonly 'Total Cost'?: number;
  readonly 'Plan Rows'?: number;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Rows Removed by Filter'?: number;
  readonly Filter?: string;
  readonly 'Join Type'?: string;
  readonly 'Parent Relationship'?: string;
  readonly Plans?: readonly ExplainNode[];
}

export interface PlanSummary {
  /** Scan, join and sort nodes in plan order, e.g. `Seq Scan on public.orders`. */
  readonly planShape: readonly string[];
  readonly indexesUsed: readonly string[];
  readonly fullTableScan: boolean;
  readonly joinCost: number;
  readonly missingJoinIndex: boolean;
  readonly filterCost: number;
  readonly missingFilterIndex: boolean;
}

const JOINS = new Set(['Nested Loop', 'Hash Join', 'Merge Join']);
const SORTS = new Set(['Sort', 'Incremental Sort']);

function relationOf(node: ExplainNode): string {
  return node.Schema ? `${node.Schema}.${node['Relation Name']}` : String(node['Relation Name'] ?? '');
}

/** Rows a scan node read: those it returned plus those its filter removed, over all loops. */
function rowsRead(node: ExplainNode): number {
  const loops = node['Actual Loops'] ?? 1;
  return ((node['Actual Rows'] ?? node['Plan Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops;
}

function describe(node: ExplainNode): string | null {
  const type = node['Node Type'];
  if (type.includes('Scan')) {
    const on = node['Relation Name'] ? ` on ${relationOf(node)}` : '';
    return node['Index Name'] ? `${type} using ${node['Index Name']}${on}` : `${type}${on}`;
  }
  if (JOINS.has(type)) return node['Join Type'] && node['Join Type'] !== 'Inner' ? `${type} (${node['Join Type']})` : type;
  if (SORTS.has(type)) return type;
  return null;
}

/** The scan at the bottom of a join's inner side (through Hash, Materialize, Memoize). */
function innerScan(node: ExplainNode): ExplainNode | null {
  let current: ExplainNode | undefined = node;
  while (current && ['Hash', 'Materialize', 'Memoize'].includes(current['Node Type'])) current = current.Plans?.[0];
  return current && current['Node Type'].includes('Scan') ? current : null;
}

/**
 * Reads a plan into its shape (scan, join and sort nodes) and the concept's figures:
 * fullTableScan (a sequential scan reading at least `largeTableRows`), joinCost (the most
 * expensive join node), missingJoinIndex (a join whose inner side is a sequential scan of
 * a large table), filterCost (the most expensive filtering scan), missingFilterIndex (a
 * sequential scan of a large table whose filter throws away at least 90% of what it reads).
 */
export function summarizePlan(root: ExplainNode, largeTableRows: number): PlanSummary {
  const planShape: string[] = [];
  const indexesUsed = new Set<string>();
  let fullTableScan = false;
  let joinCost = 0;
  let missingJoinIndex = false;
  let filterCost = 0;
  let missingFilterIndex = false;
  const visit = (node: ExplainNode): void => {
    const label = describe(node);
    if (label) planShape.push(label);
    if (node['Index Name']) indexesUsed.add(node['Index Name']);
    const type = node['Node Type'];
    const cost = node['Total Cost'] ?? 0;
    if (type === 'Seq Scan' && rowsRead(node) >= largeTableRows) {
      fullTableScan = true;
      const read = rowsRead(node);
      if (node.Filter !== undefined && read > 0 && (node['Rows Removed by Filter'] ?? 0) * (node['Actual Loops'] ?? 1) >= 0.9 * read) missingFilterIndex = true;
    }
    if (node.Filter !== undefined && type.includes('Scan')) filterCost = Math.max(filterCost, cost);
    if (JOINS.has(type)) {
      joinCost = Math.max(joinCost, cost);
      const inner = node.Plans?.[1];
      const scan = inner ? innerScan(inner) : null;
      if (scan && scan['Node Type'] === 'Seq Scan' && rowsRead(scan) >= largeTableRows) missingJoinIndex = true;
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root);
  return { planShape, indexesUsed: [...indexesUsed], fullTableScan, joinCost, missingJoinIndex, filterCost, missingFilterIndex };
}
