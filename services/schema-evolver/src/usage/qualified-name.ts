import type { TableName } from './statement-usage.js';

/** `schema.table` as shown to people and in SchemaChangeProposal.tableName (not SQL: quote for SQL). */
export function qualifiedName(table: TableName): string {
  return `${table.schema}.${table.name}`;
}
