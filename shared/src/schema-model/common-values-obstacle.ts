import type { ColumnModel, TableModel } from './schema-model.js';
import { uniqueColumnSets } from './unique-column-sets.js';

/**
 * Why the generator does not reproduce a column's known most common values (production's,
 * read under the productionValues opt-in), or null when it does. Key columns keep their
 * synthetic values: a foreign key copies its parent's synthetic keys, a unique key needs
 * distinct values, and the server numbers identity, serial and generated columns. The
 * rewrite-engine asks the same question of the shadow's model: only where this is null are
 * the shadow's most common values production's.
 */
export function commonValuesObstacle(table: TableModel, column: ColumnModel): 'foreign-key' | 'unique-key' | 'server-filled' | null {
  if (table.foreignKeys.some((fk) => fk.columns.includes(column.name))) return 'foreign-key';
  if (column.identity !== null || column.generatedExpression !== null) return 'server-filled';
  if (column.defaultExpression !== null && /^nextval\(/i.test(column.defaultExpression.trim())) return 'server-filled';
  if (uniqueColumnSets(table).some((set) => set.includes(column.name))) return 'unique-key';
  return null;
}
