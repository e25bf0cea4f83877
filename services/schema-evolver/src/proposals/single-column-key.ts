import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';

/** The table's single-column primary key (to backfill and copy in key order), or null. */
export function singleColumnKey(table: TableModel): { readonly column: string; readonly dataType: string } | null {
  if (table.primaryKey?.length !== 1) return null;
  const column = findColumn(table, table.primaryKey[0]!);
  return column === null ? null : { column: column.name, dataType: column.dataType };
}
