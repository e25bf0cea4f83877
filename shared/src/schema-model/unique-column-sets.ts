import type { TableModel } from './schema-model.js';

/** Column sets that must be unique: primary key, unique constraints, unique indexes (expression parts by the columns they mention). */
export function uniqueColumnSets(table: TableModel): string[][] {
  const sets: string[][] = [];
  if (table.primaryKey !== null && table.primaryKey.length > 0) sets.push([...table.primaryKey]);
  for (const u of table.uniqueConstraints) sets.push([...u.columns]);
  for (const index of table.indexes) {
    if (!index.unique || index.primary || !index.valid) continue;
    const columns = new Set<string>();
    for (const part of index.keyParts) {
      if (part.column !== null) columns.add(part.column);
      else if (part.expression !== null) {
        for (const c of table.columns) if (new RegExp(`(^|[^a-zA-Z0-9_$])"?${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^a-zA-Z0-9_$])`).test(part.expression)) columns.add(c.name);
      }
    }
    if (columns.size > 0) sets.push([...columns]);
  }
  const seen = new Set<string>();
  return sets
    .filter((s) => {
      const k = [...s].sort().join('\u0000');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.length - b.length);
}
