import type { Expr, ExprCall, SelectFromStatement } from 'pgsql-ast-parser';
import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { AGGREGATES, conjuncts, fromTables, isSubquery, type FromTableOf } from './rewrite-ast.js';

/**
 * Functions known to return one value per call. A call outside this list may be a
 * set-returning function (generate_series, unnest, a user's SRF), which multiplies the
 * rows of a select list even when the query aggregates or filters on a key.
 */
const SCALAR_FUNCTIONS = new Set([
  'coalesce', 'nullif', 'greatest', 'least', 'abs', 'round', 'trunc', 'ceil', 'ceiling', 'floor', 'sign', 'mod', 'power', 'sqrt',
  'lower', 'upper', 'length', 'char_length', 'octet_length', 'trim', 'btrim', 'ltrim', 'rtrim', 'substr', 'substring', 'left', 'right',
  'concat', 'concat_ws', 'replace', 'lpad', 'rpad', 'initcap', 'md5', 'to_char', 'to_number', 'to_date', 'to_timestamp', 'date_trunc',
  'date_part', 'age', 'make_date', 'make_interval', 'array_length', 'cardinality', 'array_to_string', 'jsonb_build_object',
  'json_build_object', 'jsonb_build_array', 'json_build_array', 'to_json', 'to_jsonb', 'row_to_json', 'format', 'now', 'exists',
]);

/** A plain aggregate call (not a window function). */
function isAggregate(expr: ExprCall): boolean {
  return AGGREGATES.has(expr.function.name.toLowerCase()) && !expr.over;
}

/** Calls in an expression of this query level (not inside subqueries). */
function callsOf(node: unknown, into: ExprCall[] = []): ExprCall[] {
  if (Array.isArray(node)) {
    for (const n of node) callsOf(n, into);
    return into;
  }
  if (typeof node !== 'object' || node === null || isSubquery(node)) return into;
  const value = node as Record<string, unknown>;
  if (value.type === 'call') into.push(value as unknown as ExprCall);
  for (const child of Object.values(value)) callsOf(child, into);
  return into;
}

/** Column references below a node (not inside subqueries). */
function refsOf(node: unknown, into: { table?: string; name: string }[] = []): { table?: string; name: string }[] {
  if (Array.isArray(node)) {
    for (const n of node) refsOf(n, into);
    return into;
  }
  if (typeof node !== 'object' || node === null || isSubquery(node)) return into;
  const value = node as Record<string, unknown>;
  if (value.type === 'ref') {
    const table = (value.table as { name?: string } | undefined)?.name;
    into.push(table === undefined ? { name: String(value.name) } : { table, name: String(value.name) });
  }
  for (const child of Object.values(value)) refsOf(child, into);
  return into;
}

/** True when a reference is to the subquery's own FROM (qualified by its alias, or unqualified and found in its tables). */
function isLocal(ref: { table?: string; name: string }, local: readonly FromTableOf[], localAliases: ReadonlySet<string>): boolean {
  if (ref.table !== undefined) return localAliases.has(ref.table);
  if (ref.name === '*') return true;
  return local.some((t) => t.table !== null && findColumn(t.table, ref.name) !== null);
}

/** True when a call outside aggregate arguments may return a set (window functions count, to stay plain). */
function mayReturnSet(node: unknown): boolean {
  const calls = callsOf(node);
  const insideAggregates = new Set<ExprCall>();
  for (const call of calls) if (isAggregate(call)) for (const inner of callsOf([call.args, call.filter, call.orderBy])) insideAggregates.add(inner);
  return calls.some((c) => !isAggregate(c) && !insideAggregates.has(c) && (!SCALAR_FUNCTIONS.has(c.function.name.toLowerCase()) || Boolean(c.over)));
}

/** Column sets that no two rows of the table share (when none of them is NULL). */
function uniqueKeys(table: TableModel): string[][] {
  const keys: string[][] = [];
  if (table.primaryKey) keys.push([...table.primaryKey]);
  for (const u of table.uniqueConstraints) keys.push([...u.columns]);
  for (const index of table.indexes) {
    if (!index.unique || !index.valid || index.predicate !== null || index.keyParts.some((p) => p.column === null)) continue;
    keys.push(index.keyParts.map((p) => p.column!));
  }
  return keys;
}

/**
 * Why a correlated scalar subquery returns at most one row for any outer row, or null
 * when that is not provable: a constant LIMIT 0 or 1; an aggregate of its own rows
 * without GROUP BY (one row, none with a failing HAVING) and no set-returning call
 * outside the aggregates; or a single table filtered by equality on every column of a
 * unique key (primary key, unique constraint or full unique index) against values that
 * do not read that table. An aggregate whose arguments read only outer columns belongs
 * to the outer query (SQL's rule), so it proves nothing here.
 */
export function proveAtMostOneRow(sub: SelectFromStatement, model: SchemaModel): string | null {
  const limit = sub.limit?.limit;
  if (limit && limit.type === 'integer' && (limit.value === 0 || limit.value === 1)) return `LIMIT ${limit.value}`;
  const local = fromTables(sub.from, model);
  const localAliases = new Set((sub.from ?? []).flatMap((f) => (f.type === 'table' ? [f.name.alias ?? f.name.name] : f.type === 'statement' ? [f.alias] : f.alias ? [f.alias.name] : [])));
  const levelParts = [sub.columns, sub.having, sub.orderBy];
  const ownAggregates = callsOf(levelParts).filter((c) => isAggregate(c) && (refsOf([c.args, c.filter]).length === 0 || refsOf([c.args, c.filter]).some((r) => isLocal(r, local, localAliases))));
  if (!sub.groupBy?.length && (ownAggregates.length > 0 || sub.having) && !mayReturnSet(levelParts)) return 'an aggregate without GROUP BY';
  if ((sub.from ?? []).length !== 1 || local.length !== 1 || !local[0]!.table || sub.groupBy?.length || sub.having || mayReturnSet(levelParts)) return null;
  if (callsOf(levelParts).some(isAggregate)) return null;
  const table = local[0]!.table;
  const pinned = new Set<string>();
  for (const c of conjuncts(sub.where)) {
    if (c.type !== 'binary' || c.op !== '=') continue;
    for (const [column, other] of [[c.left, c.right], [c.right, c.left]] as const) {
      if (column.type !== 'ref' || !isLocal(column.table ? { table: column.table.name, name: column.name } : { name: column.name }, local, localAliases)) continue;
      const found = findColumn(table, column.name);
      if (!found || !freeOfLocal(other, local, localAliases)) continue;
      pinned.add(found.name);
    }
  }
  const key = uniqueKeys(table).find((k) => k.length > 0 && k.every((col) => pinned.has(col)));
  return key ? `equality on the unique key (${key.join(', ')}) of ${table.name}` : null;
}

/** An expression whose value is fixed for one outer row: no local column, no subquery. */
function freeOfLocal(expr: Expr, local: readonly FromTableOf[], localAliases: ReadonlySet<string>): boolean {
  const hasSubquery = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(hasSubquery);
    if (typeof node !== 'object' || node === null) return false;
    if (isSubquery(node)) return true;
    return Object.values(node as Record<string, unknown>).some(hasSubquery);
  };
  if (hasSubquery(expr)) return false;
  return refsOf(expr).every((r) => r.table !== undefined && !isLocal(r, local, localAliases));
}
