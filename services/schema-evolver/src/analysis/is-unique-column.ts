import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';

/** True when the column alone is the primary key, a unique constraint or a plain unique index. */
export function isUniqueColumn(table: TableModel, column: string): boolean {
  if (table.primaryKey?.length === 1 && table.primaryKey[0] === column) return true;
  if (table.uniqueConstraints.some((u) => u.columns.length === 1 && u.columns[0] === column)) return true;
  return table.indexes.some((i) => i.unique && i.valid && i.predicate === null && i.keyParts.length === 1 && i.keyParts[0]!.column === column);
}
