import { quoteIdentifier, quoteLiteral } from '../quote-identifier.js';

type Node = Readonly<Record<string, unknown>>;

export interface RenderedExpression {
  /** SQL rebuilt from the parse tree: quoted identifiers, columns unqualified. */
  readonly sql: string;
  /** Columns read, with the table each resolves to. */
  readonly columns: readonly { readonly tableId: string; readonly column: string }[];
}

/** Resolves a column reference (its name parts) to a table id and column, or null. */
export type ColumnResolver = (fields: readonly string[]) => { readonly tableId: string; readonly column: string } | null;

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '||']);

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) => String((item.String as Node | undefined)?.sval ?? ''));
}

function renderConst(node: Node): string | null {
  if (node.isnull === true) return 'NULL';
  const ival = node.ival as Node | undefined;
  if (ival !== undefined) return String(ival.ival ?? 0);
  const fval = node.fval as Node | undefined;
  if (fval !== undefined && typeof fval.fval === 'string' && /^[0-9.eE+-]+$/.test(fval.fval)) return fval.fval;
  const sval = node.sval as Node | undefined;
  if (sval !== undefined) return quoteLiteral(String(sval.sval ?? ''));
  const boolval = node.boolval as Node | undefined;
  if (boolval !== undefined) return boolval.boolval === true ? 'true' : 'false';
  return null;
}

function renderTypeName(typeName: Node): string | null {
  const parts = names(typeName.names);
  if (parts.length === 0) return null;
  if (typeName.typmods !== undefined || typeName.arrayBounds !== undefined || typeName.setof === true) return null;
  return parts.map((part) => quoteIdentifier(part)).join('.');
}

/**
 * Rebuilds a small expression (columns, function calls, casts, arithmetic, constants) from
 * libpg-query's parse tree as SQL text made only of quoted identifiers and quoted
 * literals — never by copying statement text. Returns null for anything else (a
 * placeholder, a subquery, SQL-syntax functions), so callers never index what they do not
 * understand.
 */
export function renderExpression(node: unknown, resolve: ColumnResolver): RenderedExpression | null {
  const columns: { tableId: string; column: string }[] = [];
  const render = (value: unknown): string | null => {
    if (typeof value !== 'object' || value === null) return null;
    const [kind, body] = Object.entries(value as Node)[0] ?? ['', undefined];
    const n = (body ?? {}) as Node;
    switch (kind) {
      case 'ColumnRef': {
        const fields = names(n.fields);
        if (fields.some((f) => f === '')) return null; // a star
        const resolved = resolve(fields);
        if (!resolved) return null;
        columns.push(resolved);
        return quoteIdentifier(resolved.column);
      }
      case 'A_Const':
        return renderConst(n);
      case 'FuncCall': {
        if (n.funcformat !== 'COERCE_EXPLICIT_CALL' || n.agg_star === true || n.over !== undefined || n.agg_filter !== undefined || n.agg_order !== undefined || n.agg_distinct === true || n.func_variadic === true) return null;
        const fname = names(n.funcname);
        if (fname.length === 0) return null;
        const args = ((n.args as unknown[] | undefined) ?? []).map(render);
        if (args.some((a) => a === null)) return null;
        return `${fname.map((p) => quoteIdentifier(p)).join('.')}(${args.join(', ')})`;
      }
      case 'TypeCast': {
        const arg = render(n.arg);
        const type = renderTypeName((n.typeName ?? {}) as Node);
        if (arg === null || type === null) return null;
        return `CAST(${arg} AS ${type})`;
      }
      case 'A_Expr': {
        if (n.kind !== 'AEXPR_OP') return null;
        const op = names(n.name);
        if (op.length !== 1 || !ARITHMETIC.has(op[0]!)) return null;
        const right = render(n.rexpr);
        if (right === null) return null;
        if (n.lexpr === undefined) return op[0] === '-' ? `(- ${right})` : null;
        const left = render(n.lexpr);
        return left === null ? null : `(${left} ${op[0]} ${right})`;
      }
      case 'CoalesceExpr': {
        const args = ((n.args as unknown[] | undefined) ?? []).map(render);
        if (args.length === 0 || args.some((a) => a === null)) return null;
        return `COALESCE(${args.join(', ')})`;
      }
      default:
        return null;
    }
  };
  const sql = render(node);
  return sql === null ? null : { sql, columns };
}
