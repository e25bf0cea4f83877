import type { A_Expr, NullTest } from 'libpg-query';
import { bodyOf, lastName, namesOf, type AstNode } from '../ast/ast-node.js';
import type { PredicateFact, TableReference } from '../ast/query-facts.js';

const STRICT_OPERATORS = new Set(['=', '<', '<=', '>', '>=', 'IN', 'ANY', 'BETWEEN', 'LIKE', 'ILIKE', 'IS NOT NULL']);
const RANGE = new Set(['<', '<=', '>', '>=', 'BETWEEN']);

function columnOf(node: unknown): string | null {
  const ref = bodyOf<{ fields?: unknown }>(node, 'ColumnRef');
  if (ref === null) return null;
  const names = namesOf(ref.fields);
  return names[names.length - 1] ?? null;
}

function isValue(node: unknown): boolean {
  return bodyOf(node, 'A_Const') !== null || bodyOf(node, 'TypeCast') !== null || bodyOf(node, 'ParamRef') !== null;
}

function impliedConjunct(conjunct: AstNode, predicates: readonly PredicateFact[]): boolean {
  const on = (column: string): PredicateFact[] => predicates.filter((p) => p.column.column === column && p.wrapper === null && p.topLevel);
  const test = bodyOf<NullTest>(conjunct, 'NullTest');
  if (test !== null) {
    const column = columnOf(test.arg);
    if (column === null) return false;
    if (test.nulltesttype === 'IS_NOT_NULL') return on(column).some((p) => STRICT_OPERATORS.has(p.operator));
    return on(column).some((p) => p.operator === 'IS NULL');
  }
  const expr = bodyOf<A_Expr>(conjunct, 'A_Expr');
  if (expr !== null && expr.kind === 'AEXPR_OP') {
    const op = lastName(expr.name);
    const [column, value] = columnOf(expr.lexpr) !== null ? [columnOf(expr.lexpr), expr.rexpr] : [columnOf(expr.rexpr), expr.lexpr];
    if (column === null || !isValue(value)) return false;
    // The query's value is a placeholder (capture stripped it): assume it is the index's constant.
    if (op === '=') return on(column).some((p) => p.operator === '=' || p.operator === 'IN' || p.operator === 'ANY');
    if (RANGE.has(op)) return on(column).some((p) => RANGE.has(p.operator) || p.operator === '=');
    if (op === '<>' || op === '!=') return on(column).some((p) => p.operator === '=' || p.operator === '<>' || p.operator === 'IN');
    return false;
  }
  // A bare boolean column: `WHERE is_active`.
  const column = columnOf(conjunct);
  if (column !== null) return on(column).some((p) => p.operator === '=' || p.operator === 'IS NOT DISTINCT FROM');
  return false;
}

/**
 * Whether the query's top-level conjuncts on `reference` imply a partial index's WHERE
 * clause, so the planner may use the index. Placeholders are assumed to match the index's
 * constants (capture stripped the values); an index built for a different constant is
 * therefore taken as usable, which errs toward no finding rather than a false one.
 */
export function partialPredicateImplied(predicate: readonly AstNode[], reference: TableReference, predicates: readonly PredicateFact[]): boolean {
  if (predicate.length === 0) return true;
  const own = predicates.filter((p) => p.column.reference === reference && p.role === 'FILTER');
  return predicate.every((conjunct) => impliedConjunct(conjunct, own));
}
