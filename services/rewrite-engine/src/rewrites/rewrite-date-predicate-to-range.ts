import { toSql, type Expr, type ExprRef, type SelectFromStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { andAll, clone, conjuncts, fromTables, readsAliases, resolveRef } from './rewrite-ast.js';
import type { RuleOutcome } from './rewrite-candidate.js';

const TEMPORAL = new Set(['date', 'timestamp', 'timestamptz']);
const FLIP: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

type Wrapped = { readonly kind: 'day' | 'year'; readonly column: ExprRef };

/** `date(col)`, `col::date` and `extract(year from col)`. */
function unwrap(expr: Expr): Wrapped | null {
  if (expr.type === 'call' && expr.function.name.toLowerCase() === 'date' && !expr.function.schema && expr.args.length === 1 && expr.args[0]!.type === 'ref') return { kind: 'day', column: expr.args[0] };
  if (expr.type === 'cast' && expr.operand.type === 'ref' && 'name' in expr.to && expr.to.name.toLowerCase() === 'date' && !('arrayOf' in expr.to)) return { kind: 'day', column: expr.operand };
  if (expr.type === 'extract' && expr.field.name.toLowerCase() === 'year' && expr.from.type === 'ref') return { kind: 'year', column: expr.from };
  return null;
}

const asDate = (value: Expr): Expr => ({ type: 'cast', operand: clone(value), to: { name: 'date' } });
const plusOne = (value: Expr): Expr => ({ type: 'binary', op: '+', left: value, right: { type: 'integer', value: 1 } });
const cmp = (op: '>=' | '<', left: Expr, right: Expr): Expr => ({ type: 'binary', op, left: clone(left), right });
const yearStart = (year: Expr): Expr => ({
  type: 'call',
  function: { name: 'make_date' },
  args: [{ type: 'cast', operand: clone(year), to: { name: 'int' } }, { type: 'integer', value: 1 }, { type: 'integer', value: 1 }],
});
const nextYearStart = (year: Expr): Expr => ({
  type: 'call',
  function: { name: 'make_date' },
  args: [{ type: 'binary', op: '+', left: { type: 'cast', operand: clone(year), to: { name: 'int' } }, right: { type: 'integer', value: 1 } }, { type: 'integer', value: 1 }, { type: 'integer', value: 1 }],
});

/**
 * A date or time column wrapped in `date()`, `::date` or `extract(year …)` and compared
 * with a value is not served by an index on the column: the comparison becomes a range on
 * the column itself (`date(c) = v` → `c >= v::date AND c < v::date + 1`; `<`, `<=`, `>`,
 * `>=` likewise; `extract(year from c) = y` → `c >= make_date(y,1,1) AND c < make_date(y+1,1,1)`).
 * The conversions use the session's time zone on both sides, as the original does.
 */
export function rewriteDatePredicateToRange(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  const all = conjuncts(statement.where);
  const tables = fromTables(statement.from, model);
  const aliases = new Set(tables.map((t) => t.alias));
  let changed = false;
  const out = all.flatMap((c): Expr[] => {
    if (c.type !== 'binary' || !(c.op in FLIP)) return [c];
    let wrapped = unwrap(c.left);
    let value: Expr = c.right;
    let op = c.op as string;
    if (!wrapped) {
      wrapped = unwrap(c.right);
      value = c.left;
      op = FLIP[op]!;
    }
    if (!wrapped || readsAliases(value, aliases)) return [c];
    const column = resolveRef(wrapped.column, tables);
    if (!column || column.column.isArray || !TEMPORAL.has(column.column.typeName)) return [c];
    const col = wrapped.column;
    if (wrapped.kind === 'year' && op !== '=') return [c];
    changed = true;
    if (wrapped.kind === 'year') return [cmp('>=', col, yearStart(value)), cmp('<', col, nextYearStart(value))];
    const day = asDate(value);
    switch (op) {
      case '=':
        return [cmp('>=', col, day), cmp('<', col, plusOne(asDate(value)))];
      case '>=':
        return [cmp('>=', col, day)];
      case '>':
        return [cmp('>=', col, plusOne(day))];
      case '<':
        return [cmp('<', col, day)];
      default:
        return [cmp('<', col, plusOne(day))];
    }
  });
  if (!changed) return null;
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'date-predicate-to-range',
      sql: toSql.statement({ ...clone(statement), where: andAll(out) }),
      advisory: false,
      rationale: 'A date/time column wrapped in a function was compared with a value; the comparison is now a range on the column itself, which a plain index on the column serves.',
    },
  };
}
