import type { Expr } from 'pgsql-ast-parser';

interface Figured {
  readonly name: string;
  /** PostgreSQL's strength: 2 a real name, 1 a fallback (a type name, "case"), 0 none ("?column?"). */
  readonly strength: 0 | 1 | 2;
}

const NONE: Figured = { name: '?column?', strength: 0 };

/**
 * The name PostgreSQL gives an unaliased select-list expression (FigureColname in
 * parse_target.c), for the forms whose name this can tell for sure; null otherwise.
 * A rewrite that replaces an expression must keep the output column's name, and the
 * replacement (`sq1.v`) would be named differently.
 */
export function figureColumnName(expr: Expr): string | null {
  return figure(expr)?.name ?? null;
}

function figure(expr: Expr): Figured | null {
  switch (expr.type) {
    case 'ref':
      return expr.name === '*' ? null : { name: expr.name, strength: 2 };
    case 'call':
      return { name: expr.function.name, strength: 2 };
    case 'select': {
      // An expression sublink is named after the subquery's only output column.
      const first = expr.columns?.[0];
      if (!first || (expr.columns ?? []).length !== 1) return null;
      if (first.alias) return { name: first.alias.name, strength: 2 };
      const inner = figure(first.expr);
      return inner ? { name: inner.name, strength: 2 } : null;
    }
    case 'cast': {
      const inner = figure(expr.operand);
      // A weaker operand is named after the target type, whose catalog name (int → int4) is not known here.
      return inner && inner.strength === 2 ? inner : null;
    }
    case 'case':
      return { name: 'case', strength: 1 };
    case 'binary':
    case 'unary':
    case 'integer':
    case 'numeric':
    case 'string':
    case 'boolean':
    case 'null':
    case 'parameter':
      return NONE;
    default:
      return null;
  }
}
