import type { TableName } from './statement-usage.js';

/** A map key for a table (names may contain dots, so they are joined by NUL). */
export function tableKeyOf(table: TableName): string {
  return `${table.schema}\u0000${table.name}`;
}
