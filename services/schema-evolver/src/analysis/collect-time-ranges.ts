import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { tableKeyOf } from '../usage/table-key-of.js';
import type { TimeRangeAccess } from './data-analysis-results.js';
import type { UsedStatement } from './used-statement.js';

/** Per table and date/time column: the statements that filter the table by a range of it. */
export function collectTimeRanges(used: readonly UsedStatement[], model: SchemaModel): TimeRangeAccess[] {
  const tableWeight = new Map<string, number>();
  for (const entry of used) for (const table of entry.usage.tables) tableWeight.set(tableKeyOf(table), (tableWeight.get(tableKeyOf(table)) ?? 0) + entry.weight);
  const groups = new Map<string, { access: Pick<TimeRangeAccess, 'table' | 'column'>; calls: number; weight: number; fingerprints: string[] }>();
  for (const entry of used) {
    const seen = new Set<string>();
    for (const filter of entry.usage.filters) {
      if (filter.operator !== 'range' || filter.castType !== null || !filter.topLevel) continue;
      const table = findTable(model, filter.column.table.schema, filter.column.table.name);
      const column = table === null ? null : findColumn(table, filter.column.column);
      if (column === null || column.typeCategory !== 'D' || column.isArray) continue;
      const key = `${tableKeyOf(filter.column.table)}\u0000${filter.column.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const group = groups.get(key) ?? { access: { table: filter.column.table, column: filter.column.column }, calls: 0, weight: 0, fingerprints: [] };
      group.calls += entry.statement.calls;
      group.weight += entry.weight;
      group.fingerprints.push(entry.statement.fingerprint);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map((g) => {
      const total = tableWeight.get(tableKeyOf(g.access.table)) ?? 0;
      return { ...g.access, calls: g.calls, weight: g.weight, tableShare: total > 0 ? g.weight / total : 0, fingerprints: g.fingerprints };
    })
    .sort((a, b) => b.weight - a.weight);
}
