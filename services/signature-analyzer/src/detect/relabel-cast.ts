import type { ColumnModel } from '@shadowtune/shared/schema-model/schema-model';

const TEXTUAL = new Set(['text', 'varchar', 'character varying', 'name']);

/**
 * Whether casting `column` to `target` keeps it indexable: varchar ↔ text only relabels
 * the value (binary-coercible), and a cast to the column's own type is a no-op.
 */
export function isRelabelCast(column: ColumnModel, target: string): boolean {
  if (TEXTUAL.has(target) && TEXTUAL.has(column.typeName)) return true;
  return column.typeName === target || column.dataType === target;
}
