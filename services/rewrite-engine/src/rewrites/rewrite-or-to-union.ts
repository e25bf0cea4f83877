import { toSql, type Expr, type SelectFromStatement, type SelectStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { andAll, clone, conjuncts, disjuncts, fromTables, hasAggregate, resolveRef } from './rewrite-ast.js';
import type { RuleOutcome } from './rewrite-candidate.js';

/**
 * OR across columns → one SELECT per arm, so each arm can use its own index. `UNION` when
 * the output carries the table's primary key (equal output rows are then the same table
 * row, and UNION removing them is exactly the OR); otherwise `UNION ALL` made disjoint by
 * construction — each arm excludes the rows of the arms before it with `(arm) IS NOT
 * TRUE`, which also keeps NULL-valued arms right. Only for one table without GROUP BY,
 * DISTINCT, aggregates, ORDER BY or LIMIT.
 */
export function rewriteOrToUnion(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  const all = conjuncts(statement.where);
  const orIndex = all.findIndex((c) => c.type === 'binary' && c.op === 'OR');
  if (orIndex < 0) return null;
  const skip = (detail: string): RuleOutcome => ({ kind: 'skip', skip: { rule: 'or-to-union', reason: 'REWRITE_NOT_SAFE', detail } });
  const tables = fromTables(statement.from, model);
  if ((statement.from ?? []).length !== 1 || tables.length !== 1 || statement.from![0]!.join) return skip('more than one table in FROM');
  if (statement.groupBy || statement.having || statement.distinct || hasAggregate(statement.columns)) return skip('grouping, DISTINCT or aggregates');
  if (statement.orderBy || statement.limit) return skip('ORDER BY or LIMIT over the arms');
  const table = tables[0]!.table;
  if (!table) return skip('unknown table');
  const arms = disjuncts(all[orIndex]!);
  const rest = all.filter((_, i) => i !== orIndex);
  const columns = statement.columns ?? [];
  const star = columns.some((c) => c.expr.type === 'ref' && c.expr.name === '*');
  const output = new Set(columns.flatMap((c) => (c.expr.type === 'ref' ? [resolveRef(c.expr, tables)?.column.name ?? ''] : [])));
  const keyed = (table.primaryKey ?? []).length > 0 && (star || (table.primaryKey ?? []).every((k) => output.has(k)));
  const selects: SelectFromStatement[] = arms.map((arm, i) => {
    const exclusions: Expr[] = keyed ? [] : arms.slice(0, i).map((previous) => ({ type: 'unary', op: 'IS NOT TRUE', operand: clone(previous) }));
    return { ...clone(statement), where: andAll([...rest.map(clone), clone(arm), ...exclusions]) };
  });
  const union = selects.slice(1).reduce<SelectStatement>((left, right) => ({ type: keyed ? 'union' : 'union all', left, right }), selects[0]!);
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'or-to-union',
      sql: toSql.statement(union),
      advisory: false,
      rationale: keyed
        ? `OR across columns split into ${arms.length} SELECTs joined by UNION (the primary key is in the output, so UNION removes exactly the rows matched twice).`
        : `OR across columns split into ${arms.length} SELECTs joined by UNION ALL, each excluding the rows of the arms before it, so no row is counted twice.`,
    },
  };
}
