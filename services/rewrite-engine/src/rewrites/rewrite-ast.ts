import type { Expr, ExprRef, From, SelectFromStatement, SelectStatement } from 'pgsql-ast-parser';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { ColumnModel, SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';

/** A table in a FROM list, with the name the statement uses for it. */
export interface FromTableOf {
  readonly alias: string;
  readonly table: TableModel | null;
}

export const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'every', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg']);

/** The AND-ed conjuncts of a clause. */
export function conjuncts(expr: Expr | null | undefined): Expr[] {
  if (!expr) return [];
  if (expr.type === 'binary' && expr.op === 'AND') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** The OR-ed arms of an expression. */
export function disjuncts(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === 'OR') return [...disjuncts(expr.left), ...disjuncts(expr.right)];
  return [expr];
}

export function andAll(exprs: readonly Expr[]): Expr | null {
  if (exprs.length === 0) return null;
  return exprs.slice(1).reduce<Expr>((left, right) => ({ type: 'binary', op: 'AND', left, right }), exprs[0]!);
}

/** Plain tables of a FROM list (derived tables and functions are not resolved). */
export function fromTables(from: readonly From[] | null | undefined, model: SchemaModel): FromTableOf[] {
  return (from ?? []).flatMap((item): FromTableOf[] => {
    if (item.type !== 'table') return [];
    return [{ alias: item.name.alias ?? item.name.name, table: findTable(model, item.name.schema ?? null, item.name.name) }];
  });
}

/** The table and column a reference resolves to among `tables` (qualified by alias, or unique by name). */
export function resolveRef(ref: ExprRef, tables: readonly FromTableOf[]): { readonly from: FromTableOf; readonly column: ColumnModel } | null {
  if (ref.name === '*') return null;
  if (ref.table) {
    const from = tables.find((t) => t.alias === ref.table!.name);
    const column = from?.table ? findColumn(from.table, ref.name) : null;
    return from && column ? { from, column } : null;
  }
  const matches = tables.flatMap((from) => {
    const column = from.table ? findColumn(from.table, ref.name) : null;
    return column ? [{ from, column }] : [];
  });
  return matches.length === 1 ? matches[0]! : null;
}

export function isSelect(value: unknown): value is SelectFromStatement {
  return typeof value === 'object' && value !== null && (value as { type?: string }).type === 'select';
}

export function isSubquery(value: unknown): value is SelectStatement {
  const type = (value as { type?: string } | null)?.type;
  return type === 'select' || type === 'union' || type === 'union all' || type === 'values' || type === 'with';
}

/** True when any node below reads a column of one of `aliases` (by qualifier), or an unqualified column. */
export function readsAliases(node: unknown, aliases: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => readsAliases(n, aliases));
  if (typeof node !== 'object' || node === null) return false;
  const value = node as Record<string, unknown>;
  if (value.type === 'ref') {
    const table = (value.table as { name?: string } | undefined)?.name;
    return table === undefined ? value.name !== '*' : aliases.has(table);
  }
  return Object.values(value).some((child) => readsAliases(child, aliases));
}

/** True when any node below is an aggregate call. */
export function hasAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasAggregate);
  if (typeof node !== 'object' || node === null) return false;
  const value = node as Record<string, unknown>;
  if (value.type === 'call' && AGGREGATES.has(String((value.function as { name?: string } | undefined)?.name ?? '').toLowerCase())) return true;
  if (isSubquery(value)) return false;
  return Object.values(value).some(hasAggregate);
}

export function ref(alias: string, name: string): ExprRef {
  return { type: 'ref', table: { name: alias }, name };
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
