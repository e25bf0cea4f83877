type PlanNode = Readonly<Record<string, unknown>>;

/** Node types, relations and indexes of an EXPLAIN (FORMAT JSON) plan, as one comparable string. */
export function planShapeOf(plan: PlanNode): string {
  const parts: string[] = [];
  const visit = (node: PlanNode) => {
    parts.push([node['Node Type'], node['Relation Name'], node['Index Name']].filter((p) => typeof p === 'string').join(' '));
    const children = node.Plans;
    if (Array.isArray(children)) {
      parts.push('(');
      for (const child of children) visit(child as PlanNode);
      parts.push(')');
    }
  };
  visit(plan);
  return parts.join(' ');
}
