import { tableKeyOf } from '../usage/table-key-of.js';
import type { HotColumn, HotTable } from './data-analysis-results.js';
import type { UsedStatement } from './used-statement.js';

/** Tables and columns the workload spends its time on, most time first. */
export function collectHotAccess(used: readonly UsedStatement[], totalWeight: number): { tables: HotTable[]; columns: HotColumn[] } {
  const tables = new Map<string, { table: HotTable['table']; calls: number; weight: number }>();
  const columns = new Map<string, { table: HotTable['table']; column: string; filter: number; join: number; output: number; order: number; any: number }>();
  const share = (weight: number) => (totalWeight > 0 ? weight / totalWeight : 0);
  for (const entry of used) {
    for (const table of entry.usage.tables) {
      const known = tables.get(tableKeyOf(table)) ?? { table, calls: 0, weight: 0 };
      tables.set(tableKeyOf(table), { table, calls: known.calls + entry.statement.calls, weight: known.weight + entry.weight });
    }
    const roles = new Map<string, { table: HotTable['table']; column: string; roles: Set<string> }>();
    const mark = (use: { table: HotTable['table']; column: string }, role: string) => {
      const key = `${tableKeyOf(use.table)}\u0000${use.column}`;
      const found = roles.get(key) ?? { table: use.table, column: use.column, roles: new Set<string>() };
      found.roles.add(role);
      roles.set(key, found);
    };
    for (const f of entry.usage.filters) mark(f.column, 'filter');
    for (const j of entry.usage.joins) {
      mark(j.left, 'join');
      mark(j.right, 'join');
    }
    for (const p of entry.usage.projections) mark(p, 'output');
    for (const o of entry.usage.orderBy) mark(o, 'order');
    for (const r of entry.usage.jsonReads) mark(r.column, r.role === 'filter' ? 'filter' : 'output');
    for (const [key, found] of roles) {
      const known = columns.get(key) ?? { table: found.table, column: found.column, filter: 0, join: 0, output: 0, order: 0, any: 0 };
      const w = entry.weight;
      columns.set(key, {
        ...known,
        filter: known.filter + (found.roles.has('filter') ? w : 0),
        join: known.join + (found.roles.has('join') ? w : 0),
        output: known.output + (found.roles.has('output') ? w : 0),
        order: known.order + (found.roles.has('order') ? w : 0),
        any: known.any + w,
      });
    }
  }
  return {
    tables: [...tables.values()].map((t) => ({ ...t, share: share(t.weight) })).sort((a, b) => b.weight - a.weight),
    columns: [...columns.values()]
      .map((c) => ({ table: c.table, column: c.column, filterWeight: c.filter, joinWeight: c.join, outputWeight: c.output, orderWeight: c.order, share: share(c.any) }))
      .sort((a, b) => b.share - a.share),
  };
}
