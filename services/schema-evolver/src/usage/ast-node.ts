/** libpg-query's JSON parse tree as plain data: each node is `{ Tag: body }`. */
export type AstNode = Readonly<Record<string, unknown>>;

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ A_Expr: {...} }` → ['A_Expr', {...}]; null for anything else. */
export function tagOf(node: unknown): readonly [string, AstNode] | null {
  if (!isAstNode(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1 || !/^[A-Z]/.test(keys[0]!)) return null;
  const body = node[keys[0]!];
  return [keys[0]!, isAstNode(body) ? body : {}];
}

export function bodyOf(node: unknown, tag: string): AstNode | null {
  const tagged = tagOf(node);
  return tagged !== null && tagged[0] === tag ? tagged[1] : null;
}

export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The String parts of a name list (`funcname`, `TypeName.names`, ColumnRef fields). */
export function namesOf(nodes: unknown): string[] {
  return listOf(nodes)
    .map((node) => bodyOf(node, 'String'))
    .filter((body): body is AstNode => body !== null)
    .map((body) => String(body.sval ?? ''));
}
