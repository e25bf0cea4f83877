import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { CheckRule } from '../schema/check-rule.js';

function literals(text: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? ''));
  return out;
}

/**
 * Rules that keep generated rows inside the partitions of a partitioned table with a
 * one-column RANGE or LIST key: the union of the partition bounds (a DEFAULT partition,
 * MINVALUE/MAXVALUE or a hash key need none). Gaps between range partitions are not
 * modelled; the server reports a row that falls into one.
 */
export function partitionKeyConstraints(table: TableModel, partitions: readonly TableModel[]): { column: string; rules: CheckRule[] } | null {
  const key = table.partitioning?.key ?? null;
  const match = key === null ? null : /^(RANGE|LIST)\s*\(\s*("(?:[^"]|"")+"|[a-zA-Z_][a-zA-Z0-9_$]*)\s*\)$/i.exec(key.trim());
  if (match === null) return null;
  const strategy = (match[1] ?? '').toUpperCase();
  const rawColumn = match[2] ?? '';
  const column = rawColumn.startsWith('"') ? rawColumn.slice(1, -1).replace(/""/g, '"') : rawColumn.toLowerCase();
  const bounds = partitions.map((p) => p.partitioning?.bound ?? '').filter((b) => b.length > 0);
  if (bounds.length === 0 || bounds.some((b) => /^DEFAULT$/i.test(b.trim()))) return null;
  if (strategy === 'LIST') {
    const values = bounds.flatMap((b) => literals(b.replace(/^FOR VALUES IN\s*/i, '')));
    return values.length > 0 ? { column, rules: [{ kind: 'in', column, literals: values }] } : null;
  }
  let lowest: string | null = null;
  let highest: string | null = null;
  for (const bound of bounds) {
    const range = /FROM\s*\((.*)\)\s*TO\s*\((.*)\)/i.exec(bound);
    if (range === null || /MINVALUE|MAXVALUE/i.test(bound)) return null;
    const [from] = literals(range[1] ?? '');
    const [to] = literals(range[2] ?? '');
    if (from === undefined || to === undefined) return null;
    const before = (a: string, b: string) => (/^-?\d/.test(a) && /^-?\d/.test(b) && !a.includes('-', 1) ? Number(a) < Number(b) : a < b);
    if (lowest === null || before(from, lowest)) lowest = from;
    if (highest === null || before(highest, to)) highest = to;
  }
  if (lowest === null || highest === null) return null;
  return {
    column,
    rules: [
      { kind: 'compare', column, operator: '>=', literal: lowest },
      { kind: 'compare', column, operator: '<', literal: highest },
    ],
  };
}
