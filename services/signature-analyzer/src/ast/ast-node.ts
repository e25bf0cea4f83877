/**
 * libpg-query's JSON parse tree as plain data. Each node is `{ Tag: body }`; bodies are
 * read through the typed interfaces of @pgsql/types (re-exported by libpg-query) at the
 * place they are used. Helpers here only unwrap tags and names.
 */
export type AstNode = Readonly<Record<string, unknown>>;

export interface Tagged {
  readonly tag: string;
  readonly body: AstNode;
}

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ A_Expr: {...} }` → { tag: 'A_Expr', body: {...} }; null for anything else. */
export function tagged(node: unknown): Tagged | null {
  if (!isAstNode(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1) return null;
  const tag = keys[0]!;
  const body = node[tag];
  return { tag, body: isAstNode(body) ? body : {} };
}

export function bodyOf<T>(node: unknown, tag: string): T | null {
  const t = tagged(node);
  return t !== null && t.tag === tag ? (t.body as T) : null;
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `sval` of a `{ String: { sval } }` node, or null. */
export function stringOf(node: unknown): string | null {
  const body = bodyOf<{ sval?: string }>(node, 'String');
  return body === null ? null : (body.sval ?? '');
}

/** Names like `funcname` or `TypeName.names`: the String parts joined by dots. */
export function namesOf(nodes: unknown): string[] {
  return asList(nodes).map(stringOf).filter((s): s is string => s !== null);
}

/** Last part of a qualified name, lower-cased (pg_catalog.lower → lower). */
export function lastName(nodes: unknown): string {
  const names = namesOf(nodes);
  return (names[names.length - 1] ?? '').toLowerCase();
}
