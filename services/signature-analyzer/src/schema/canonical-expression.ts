import { isAstNode, namesOf, tagged } from '../ast/ast-node.js';

/** Casts the server adds around a column in an index definition (`(email)::text` for varchar). */
const IMPLICIT_CASTS = new Set(['text', 'varchar', 'bpchar', 'character varying', 'character', 'name']);

/** Marker standing for any constant: capture replaces constants by $n, so a placeholder may be the index's constant. */
export const ANY_CONSTANT = '<const>';

/**
 * A comparable form of an expression parse tree: locations dropped, column references
 * reduced to the column name, implicit text casts removed, constants and placeholders
 * both reduced to ANY_CONSTANT. Two expressions that an expression index and a query
 * share canonicalize to the same JSON.
 */
export function canonicalExpression(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(canonicalExpression);
  const t = tagged(node);
  if (t === null) {
    if (!isAstNode(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) if (key !== 'location') out[key] = canonicalExpression(value);
    return out;
  }
  switch (t.tag) {
    case 'ColumnRef': {
      const names = namesOf(t.body.fields);
      return { column: names[names.length - 1] ?? '' };
    }
    case 'ParamRef':
    case 'A_Const':
      return ANY_CONSTANT;
    case 'TypeCast': {
      const typeName = namesOf((t.body.typeName as { names?: unknown } | undefined)?.names).filter((n) => n !== 'pg_catalog').join('.').toLowerCase();
      const inner = canonicalExpression(t.body.arg);
      if (IMPLICIT_CASTS.has(typeName) || inner === ANY_CONSTANT) return inner;
      return { cast: typeName, arg: inner };
    }
    case 'FuncCall': {
      const names = namesOf(t.body.funcname).filter((n) => n !== 'pg_catalog');
      return { func: names.join('.').toLowerCase(), args: canonicalExpression(t.body.args ?? []) };
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(t.body)) if (key !== 'location' && key !== 'funcformat') out[key] = canonicalExpression(value);
      return { [t.tag]: out };
    }
  }
}
