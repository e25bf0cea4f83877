import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';

/**
 * The valid, non-partial index of `table` whose leading plain key columns are `columns`
 * (equality columns in any order, then the rest in order), or null.
 */
export function indexServing(table: TableModel, columns: readonly string[], equalityCount = columns.length): TableModel['indexes'][number] | null {
  return (
    table.indexes.find((index) => {
      if (!index.valid || index.predicate !== null || index.keyParts.length < columns.length) return false;
      const leading = index.keyParts.slice(0, columns.length).map((p) => p.column);
      const eq = new Set(columns.slice(0, equalityCount));
      return leading.slice(0, equalityCount).every((c) => c !== null && eq.has(c)) && leading.slice(equalityCount).every((c, i) => c === columns[equalityCount + i]);
    }) ?? null
  );
}
