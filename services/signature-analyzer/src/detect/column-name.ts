import type { ColumnOf } from '../ast/query-facts.js';

/** `table.column` as a detail sentence names it. */
export function columnName(column: ColumnOf): string {
  return `${column.reference.name}.${column.column}`;
}
