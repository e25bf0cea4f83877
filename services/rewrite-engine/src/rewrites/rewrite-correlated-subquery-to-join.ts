import { toSql, type Expr, type From, type SelectedColumn, type SelectFromStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { figureColumnName } from './figure-column-name.js';
import { andAll, clone, conjuncts, fromTables, isSelect, readsAliases, ref, resolveRef } from './rewrite-ast.js';
import type { RuleOutcome } from './rewrite-candidate.js';

const SIMPLE_AGGREGATES = new Set(['count', 'sum', 'min', 'max', 'avg']);

/**
 * A correlated scalar subquery in the select list that aggregates one table
 * (`(SELECT max(p.amount) FROM payments p WHERE p.order_id = o.id)`) becomes a LEFT JOIN
 * to that table grouped by the correlation columns — computed once for all rows instead
 * of once per row. Safe because an aggregate without GROUP BY returns exactly one row: a
 * missing group gives NULL, as the subquery does (count gets COALESCE(…, 0), as count of
 * nothing is 0). The output column keeps its name. Only equality correlations; the outer
 * statement must not group, and its FROM must be one table or a chain of explicit joins.
 */
export function rewriteCorrelatedSubqueryToJoin(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  const columns = statement.columns ?? [];
  const positions = columns.map((c, i) => (isSelect(c.expr) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return null;
  const skip = (detail: string): RuleOutcome => ({ kind: 'skip', skip: { rule: 'correlated-subquery-to-join', reason: 'REWRITE_NOT_SAFE', detail } });
  if (statement.groupBy || statement.distinct || statement.having) return skip('the outer statement groups or is DISTINCT');
  const from = statement.from ?? [];
  if (from.length === 0 || from.slice(1).some((f) => !f.join)) return skip('comma-separated FROM list');
  const outerTables = fromTables(from, model);
  const outerAliases = new Set(outerTables.map((t) => t.alias));
  const newColumns: SelectedColumn[] = columns.map(clone);
  const joins: From[] = [];
  for (const [n, i] of positions.entries()) {
    const sub = columns[i]!.expr as SelectFromStatement;
    const subTables = fromTables(sub.from, model);
    if ((sub.from ?? []).length !== 1 || subTables.length !== 1 || sub.from![0]!.join) return skip('the subquery reads more than one table');
    if (sub.groupBy || sub.having || sub.limit || sub.distinct || sub.orderBy || (sub.columns ?? []).length !== 1) return skip('the subquery groups, limits or has several columns');
    const value = sub.columns![0]!.expr;
    if (value.type !== 'call' || !SIMPLE_AGGREGATES.has(value.function.name.toLowerCase()) || value.distinct || value.filter || value.orderBy || value.over) return skip('the subquery is not one plain aggregate');
    const inner = subTables[0]!;
    if (outerAliases.has(inner.alias)) return skip('the subquery reuses an outer alias');
    const innerAliases = new Set([inner.alias]);
    const keys: { inner: string; outer: Expr }[] = [];
    const filters: Expr[] = [];
    for (const c of conjuncts(sub.where)) {
      const readsOuter = readsAliases(c, outerAliases);
      if (!readsOuter) {
        filters.push(c);
        continue;
      }
      if (c.type !== 'binary' || c.op !== '=' || c.left.type !== 'ref' || c.right.type !== 'ref') return skip('a correlation that is not an equality of columns');
      const [innerSide, outerSide] = c.left.table && innerAliases.has(c.left.table.name) ? [c.left, c.right] : [c.right, c.left];
      if (!innerSide.table || !innerAliases.has(innerSide.table.name) || !outerSide.table || !outerAliases.has(outerSide.table.name)) return skip('correlation columns must be qualified');
      const innerColumn = resolveRef(innerSide, subTables);
      if (!innerColumn) return skip('unknown correlation column');
      keys.push({ inner: innerColumn.column.name, outer: outerSide });
    }
    if (keys.length === 0) return skip('the subquery is not correlated');
    if (value.args.some((a) => readsAliases(a, outerAliases))) return skip('the aggregate reads outer columns');
    const alias = `shadowtune_sq${n + 1}`;
    const grouped: SelectFromStatement = {
      type: 'select',
      columns: [...keys.map((k, j) => ({ expr: ref(inner.alias, k.inner), alias: { name: `k${j + 1}` } })), { expr: clone(value), alias: { name: 'v' } }],
      from: clone(sub.from!),
      where: andAll(filters.map(clone)),
      groupBy: keys.map((k) => ref(inner.alias, k.inner)),
    };
    joins.push({
      type: 'statement',
      statement: grouped,
      alias,
      join: { type: 'LEFT JOIN', on: andAll(keys.map((k, j) => ({ type: 'binary', op: '=', left: ref(alias, `k${j + 1}`), right: clone(k.outer) }))) },
    });
    const name = value.function.name.toLowerCase();
    const joined: Expr = name === 'count' ? { type: 'call', function: { name: 'coalesce' }, args: [ref(alias, 'v'), { type: 'integer', value: 0 }] } : ref(alias, 'v');
    // Named as PostgreSQL named the subquery: its own alias, else the aggregate's name.
    newColumns[i] = { expr: joined, alias: columns[i]!.alias ?? { name: figureColumnName(sub) ?? name } };
  }
  const rewritten: SelectFromStatement = { ...clone(statement), columns: newColumns, from: [...clone(from), ...joins] };
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'correlated-subquery-to-join',
      sql: toSql.statement(rewritten),
      advisory: false,
      rationale: 'A correlated aggregate subquery ran once per outer row; it is now a LEFT JOIN to the same aggregate grouped by the correlation columns, computed in one pass.',
    },
  };
}
