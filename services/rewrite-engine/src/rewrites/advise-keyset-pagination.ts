import { toSql, type Expr, type SelectFromStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { andAll, clone, conjuncts, fromTables, ref, resolveRef } from './rewrite-ast.js';
import type { RuleOutcome } from './rewrite-candidate.js';

/**
 * Deep OFFSET → keyset pagination, as advice only: the next page starts after the last
 * row's sort key instead of skipping OFFSET rows, which needs the application to pass that
 * key (new placeholders after the existing ones). The primary key is appended to ORDER BY
 * as a tie-breaker. Never deployed: the statement's parameters and meaning change.
 */
export function adviseKeysetPagination(statement: SelectFromStatement, model: SchemaModel, parameterCount: number): RuleOutcome {
  if (!statement.limit?.offset || !statement.orderBy || statement.orderBy.length === 0) return null;
  const skip = (detail: string): RuleOutcome => ({ kind: 'skip', skip: { rule: 'keyset-pagination', reason: 'REWRITE_NOT_SAFE', detail } });
  const tables = fromTables(statement.from, model);
  const keys: { expr: Expr; descending: boolean }[] = [];
  for (const order of statement.orderBy) {
    if (order.by.type !== 'ref') return skip('ORDER BY an expression');
    if (order.nulls) return skip('ORDER BY with NULLS placement');
    keys.push({ expr: order.by, descending: order.order === 'DESC' });
  }
  if (new Set(keys.map((k) => k.descending)).size > 1) return skip('mixed sort directions');
  const first = resolveRef(keys[0]!.expr as Parameters<typeof resolveRef>[0], tables);
  if (!first) return skip('unknown sort column');
  const primaryKey = first.from.table?.primaryKey ?? [];
  const sorted = new Set(keys.map((k) => resolveRef(k.expr as Parameters<typeof resolveRef>[0], tables)?.column.name));
  for (const column of primaryKey) if (!sorted.has(column)) keys.push({ expr: ref(first.from.alias, column), descending: keys[0]!.descending });
  const after: Expr = {
    type: 'binary',
    op: keys[0]!.descending ? '<' : '>',
    left: { type: 'list', expressions: keys.map((k) => clone(k.expr)) },
    right: { type: 'list', expressions: keys.map((_, i) => ({ type: 'parameter', name: `$${parameterCount + i + 1}` })) },
  };
  const advised: SelectFromStatement = {
    ...clone(statement),
    where: andAll([...conjuncts(statement.where).map(clone), after]),
    orderBy: keys.map((k) => ({ by: clone(k.expr), order: k.descending ? 'DESC' : 'ASC' })),
    limit: { limit: clone(statement.limit.limit) },
  };
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'keyset-pagination',
      sql: toSql.statement(advised),
      advisory: true,
      rationale: `Deep OFFSET reads and discards every skipped row. Keyset pagination starts after the previous page's last sort key (new placeholders $${parameterCount + 1}..$${parameterCount + keys.length}); it needs an application change, so it is advice, never deployed.`,
    },
  };
}
