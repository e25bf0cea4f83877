import type { TableReference } from '../ast/query-facts.js';

/** `schema.table` as detail sentences name it. */
export function tableName(reference: TableReference): string {
  return `${reference.schema ?? 'public'}.${reference.name}`;
}
