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
  // The OFFSET placeholder goes away: the others are renumbered densely and the keys follow them.
  const offset = statement.limit.offset.type === 'parameter' ? statement.limit.offset.name : null;
  const kept = [...Array(parameterCount).keys()].map((i) => `$${i + 1}`).filter((name) => name !== offset);
  const renumber = new Map(kept.map((name, i) => [name, `$${i + 1}`]));
  const after: Expr = {
    type: 'binary',
    op: keys[0]!.descending ? '<' : '>',
    left: { type: 'list', expressions: keys.map((k) => clone(k.expr)) },
    right: { type: 'list', expressions: keys.map((_, i) => ({ type: 'parameter', name: `$${kept.length + i + 1}` })) },
  };
  const advised: SelectFromStatement = {
    ...clone(statement),
    where: andAll([...conjuncts(statement.where).map((c) => renumbered(c, renumber)), after]),
    orderBy: keys.map((k) => ({ by: clone(k.expr), order: k.descending ? 'DESC' : 'ASC' })),
    limit: { limit: renumbered(statement.limit.limit ?? null, renumber) },
  };
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'keyset-pagination',
      sql: toSql.statement(advised),
      advisory: true,
      rationale: `Deep OFFSET reads and discards every skipped row. Keyset pagination starts after the previous page's last sort key (placeholders $${kept.length + 1}..$${kept.length + keys.length}, OFFSET gone); it needs an application change, so it is advice, never deployed.`,
    },
  };
}

function renumbered<T>(node: T, mapping: ReadonlyMap<string, string>): T {
  const copy = clone(node);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (record.type === 'parameter' && typeof record.name === 'string' && mapping.has(record.name)) record.name = mapping.get(record.name);
    for (const child of Object.values(record)) visit(child);
  };
  visit(copy);
  return copy;
}
