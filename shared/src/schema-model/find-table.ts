import type { ColumnModel, SchemaModel, TableModel } from './schema-model.js';

/** The server's default search_path for an application role (`"$user", public` without a role schema). */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

// Lookups run once per table reference of every analyzed statement: index each model once.
const tablesByModel = new WeakMap<SchemaModel, Map<string, TableModel>>();
const columnsByTable = new WeakMap<TableModel, Map<string, ColumnModel>>();

function tableKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

function tableIndex(model: SchemaModel): Map<string, TableModel> {
  let index = tablesByModel.get(model);
  if (index === undefined) {
    index = new Map(model.tables.map((table) => [tableKey(table.schema, table.name), table]));
    tablesByModel.set(model, index);
  }
  return index;
}

/**
 * The table (or view, partition...) a statement names, or null when the model has none.
 * Names are compared exactly, as the server stores them: pass them as a parser returns
 * them (unquoted identifiers already folded to lower case, quoted ones as written).
 * An unqualified name resolves through `searchPath` in order, like the server does;
 * the `$user` entry is skipped (no role is known here).
 */
export function findTable(
  model: SchemaModel,
  schemaOrNull: string | null,
  name: string,
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH,
): TableModel | null {
  const index = tableIndex(model);
  if (schemaOrNull !== null) return index.get(tableKey(schemaOrNull, name)) ?? null;
  for (const schema of searchPath) {
    if (schema === '$user') continue;
    const table = index.get(tableKey(schema, name));
    if (table !== undefined) return table;
  }
  return null;
}

/** The column of `table` named exactly `name`, or null. */
export function findColumn(table: TableModel, name: string): ColumnModel | null {
  let index = columnsByTable.get(table);
  if (index === undefined) {
    index = new Map(table.columns.map((column) => [column.name, column]));
    columnsByTable.set(table, index);
  }
  return index.get(name) ?? null;
}
