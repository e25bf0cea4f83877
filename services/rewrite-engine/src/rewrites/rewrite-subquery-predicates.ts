import { toSql, type Expr, type ExprRef, type SelectFromStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { ReasonCode } from '../reason-code.js';
import { andAll, clone, conjuncts, fromTables, isSelect, ref, resolveRef } from './rewrite-ast.js';
import type { RewriteRuleName, RuleOutcome } from './rewrite-candidate.js';

interface Membership {
  readonly index: number;
  readonly negated: boolean;
  readonly outer: ExprRef;
  readonly subquery: SelectFromStatement;
}

/** `x IN (SELECT y FROM t ...)`, `x NOT IN (...)` and `NOT (x IN (...))` among the conjuncts. */
function memberships(all: readonly Expr[]): Membership[] {
  const found: Membership[] = [];
  all.forEach((c, index) => {
    let expr = c;
    let negated = false;
    if (expr.type === 'unary' && expr.op === 'NOT') {
      expr = expr.operand;
      negated = true;
    }
    if (expr.type !== 'binary' || (expr.op !== 'IN' && expr.op !== 'NOT IN')) return;
    if (expr.left.type !== 'ref' || !isSelect(expr.right)) return;
    found.push({ index, negated: negated !== (expr.op === 'NOT IN'), outer: expr.left, subquery: expr.right });
  });
  return found;
}

/**
 * `x IN (SELECT y FROM t WHERE …)` → `EXISTS (SELECT 1 FROM t WHERE … AND t.y = x)` (a
 * conjunct of WHERE: IN's NULL and false both drop the row, as EXISTS's false does), and
 * `x NOT IN (…)` → `NOT EXISTS (…)` only when neither x nor y can be NULL: NOT IN is never
 * true when the subquery yields a NULL (or when x is NULL and the subquery is not empty),
 * NOT EXISTS would be. The subquery must select one plain column of one table, without
 * LIMIT, DISTINCT, GROUP BY or set operations.
 */
function rewriteMembership(statement: SelectFromStatement, model: SchemaModel, negatedWanted: boolean): RuleOutcome {
  const rule: RewriteRuleName = negatedWanted ? 'not-in-to-not-exists' : 'in-subquery-to-exists';
  const all = conjuncts(statement.where);
  const found = memberships(all).filter((m) => m.negated === negatedWanted);
  if (found.length === 0) return null;
  const skip = (reason: ReasonCode, detail: string): RuleOutcome => ({ kind: 'skip', skip: { rule, reason, detail } });
  const outerTables = fromTables(statement.from, model);
  const replaced = [...all];
  for (const m of found) {
    const sub = m.subquery;
    const subTables = fromTables(sub.from, model);
    if ((sub.from ?? []).length !== 1 || subTables.length !== 1 || sub.from![0]!.join) return skip('REWRITE_NOT_SAFE', 'the subquery reads more than one table');
    if (sub.limit || sub.distinct || sub.groupBy || sub.having || (sub.columns ?? []).length !== 1) return skip('REWRITE_NOT_SAFE', 'the subquery has LIMIT, DISTINCT, grouping or several columns');
    const selected = sub.columns![0]!.expr;
    if (selected.type !== 'ref') return skip('REWRITE_NOT_SAFE', 'the subquery selects an expression');
    const inner = resolveRef(selected, subTables);
    const outer = resolveRef(m.outer, outerTables);
    if (!inner || !outer) return skip('REWRITE_NOT_SAFE', 'a column could not be resolved against the schema');
    if (negatedWanted && (inner.column.nullable || outer.column.nullable)) {
      const which = [inner.column.nullable ? `${inner.from.alias}.${inner.column.name}` : null, outer.column.nullable ? `${outer.from.alias}.${outer.column.name}` : null].filter(Boolean).join(' and ');
      return skip('NOT_IN_NULLABLE', `${which} may be NULL`);
    }
    // Qualify both sides so the outer column cannot be captured by a same-named inner one.
    const innerAlias = inner.from.alias === outer.from.alias ? `${inner.from.alias}_sq` : inner.from.alias;
    const from = clone(sub.from!);
    if (innerAlias !== inner.from.alias && from[0]!.type === 'table') from[0] = { ...from[0]!, name: { ...from[0]!.name, alias: innerAlias } };
    const correlation: Expr = { type: 'binary', op: '=', left: ref(innerAlias, inner.column.name), right: ref(outer.from.alias, outer.column.name) };
    const subWhere = innerAlias === inner.from.alias ? sub.where : requalify(sub.where, inner.from.alias, innerAlias);
    const exists: SelectFromStatement = { type: 'select', columns: [{ expr: { type: 'integer', value: 1 } }], from, where: andAll([...conjuncts(subWhere ? clone(subWhere) : null), correlation]) };
    const call: Expr = { type: 'call', function: { name: 'exists' }, args: [exists] };
    replaced[m.index] = negatedWanted ? { type: 'unary', op: 'NOT', operand: call } : call;
  }
  const rewritten: SelectFromStatement = { ...clone(statement), where: andAll(replaced) };
  return {
    kind: 'rewrite',
    rewrite: {
      rule,
      sql: toSql.statement(rewritten),
      advisory: false,
      rationale: negatedWanted
        ? 'NOT IN (subquery) turned into NOT EXISTS: both columns are NOT NULL, so the results are the same and the planner can use an anti-join.'
        : 'IN (subquery) turned into EXISTS with the correlation made explicit, so the planner can use a semi-join on an index of the inner table.',
    },
  };
}

function requalify(expr: Expr | null | undefined, from: string, to: string): Expr | null {
  if (!expr) return null;
  const copy = clone(expr);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const value = node as Record<string, unknown>;
    if (value.type === 'ref' && (value.table as { name?: string } | undefined)?.name === from) value.table = { name: to };
    for (const child of Object.values(value)) visit(child);
  };
  visit(copy);
  return copy;
}

export function rewriteNotInToNotExists(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  return rewriteMembership(statement, model, true);
}

export function rewriteInSubqueryToExists(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  return rewriteMembership(statement, model, false);
}
