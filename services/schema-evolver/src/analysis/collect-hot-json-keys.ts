import { tableKeyOf } from '../usage/table-key-of.js';
import type { HotJsonKey } from './data-analysis-results.js';
import type { UsedStatement } from './used-statement.js';

interface Group {
  readonly read: UsedStatement['usage']['jsonReads'][number];
  key: string | null;
  calls: number;
  weight: number;
  filterWeight: number;
  casts: Set<string | null>;
  placeholders: HotJsonKey['placeholders'][number][];
  fingerprints: Set<string>;
}

/**
 * JSON keys read from jsonb columns, grouped by column and key, weighted by time. A key
 * the statement carries as a constant is known; one capture replaced by a placeholder
 * (capture strips every constant) stays null here, one group per statement and
 * placeholder, for the proposer to resolve.
 */
export function collectHotJsonKeys(used: readonly UsedStatement[], totalWeight: number): HotJsonKey[] {
  const groups = new Map<string, Group>();
  for (const entry of used) {
    const seenInStatement = new Set<string>();
    for (const read of entry.usage.jsonReads) {
      const base = `${tableKeyOf(read.column.table)}\u0000${read.column.column}\u0000${read.operator}`;
      const key =
        read.key.kind === 'literal' ? `${base}\u0000literal\u0000${read.key.value}` : `${base}\u0000param\u0000${entry.statement.fingerprint}\u0000${read.key.position}`;
      const group =
        groups.get(key) ??
        ({
          read,
          key: read.key.kind === 'literal' ? read.key.value : null,
          calls: 0,
          weight: 0,
          filterWeight: 0,
          casts: new Set(),
          placeholders: [],
          fingerprints: new Set(),
        } satisfies Group);
      group.casts.add(read.castType);
      if (!seenInStatement.has(key)) {
        seenInStatement.add(key);
        group.calls += entry.statement.calls;
        group.weight += entry.weight;
        group.fingerprints.add(entry.statement.fingerprint);
      }
      if (read.role === 'filter') group.filterWeight += entry.weight;
      if (read.key.kind === 'param') {
        const position = read.key.position;
        const known = group.placeholders.find((p) => p.fingerprint === entry.statement.fingerprint && p.keyPosition === position);
        const valuePositions = [...new Set([...(known?.valuePositions ?? []), ...read.comparedParams])];
        group.placeholders = [
          ...group.placeholders.filter((p) => p !== known),
          { fingerprint: entry.statement.fingerprint, keyPosition: position, valuePositions },
        ];
      }
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map((g) => ({
      table: g.read.column.table,
      column: g.read.column.column,
      key: g.key,
      operator: g.read.operator,
      castType: g.casts.size === 1 ? [...g.casts][0]! : null,
      filterWeight: g.filterWeight,
      weight: g.weight,
      calls: g.calls,
      share: totalWeight > 0 ? g.weight / totalWeight : 0,
      placeholders: g.placeholders,
      fingerprints: [...g.fingerprints],
    }))
    .sort((a, b) => b.weight - a.weight);
}
