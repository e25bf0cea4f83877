import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { TableName } from '../usage/statement-usage.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import type { AssociationRule, FrequentColumnSet } from './data-analysis-results.js';
import type { UsedStatement } from './used-statement.js';

export interface AssociationSettings {
  readonly minSupport: number;
  readonly minConfidence: number;
  readonly minLift: number;
  readonly maxIndexColumns: number;
  readonly maxIncludeColumns: number;
}

interface Transaction {
  readonly used: UsedStatement;
  /** Filter columns used as index keys: equality/IN and range, without casts, top level. */
  readonly items: ReadonlySet<string>;
  readonly rangeItems: ReadonlySet<string>;
}

function subsetsUpTo(items: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  const walk = (start: number, current: string[]) => {
    if (current.length > 0) out.push([...current]);
    if (current.length === size) return;
    for (let i = start; i < items.length; i += 1) walk(i + 1, [...current, items[i]!]);
  };
  walk(0, []);
  return out;
}

const setKey = (columns: readonly string[]): string => [...columns].sort().join('\u0000');

/** Distinct values of a column from its statistics (pg semantics: negative = fraction of rows). */
function distinctOf(table: TableModel, column: string): number {
  const stats = findColumn(table, column)?.stats;
  if (!stats) return 0;
  return stats.nDistinct >= 0 ? stats.nDistinct : -stats.nDistinct * Math.max(table.stats.rowEstimate, 1);
}

/**
 * Association rules over the filter columns statements on one table use together, each
 * statement weighted by its time. support(S) = weight of the table's reading statements
 * filtering on every column of S / weight of all of them; confidence(X → Y) =
 * support(X ∪ Y) / support(X); lift = confidence / support(Y). A frequent column set
 * where one column follows from the others with enough confidence, and no rule has a lift
 * under the threshold, becomes a composite-index candidate (equality columns first, most
 * distinct first, then one range column), with the output columns it would cover.
 */
export function mineAssociationRules(
  used: readonly UsedStatement[],
  model: SchemaModel,
  settings: AssociationSettings,
): { readonly rules: AssociationRule[]; readonly sets: FrequentColumnSet[] } {
  const byTable = new Map<string, { table: TableName; transactions: Transaction[] }>();
  for (const entry of used) {
    if (entry.usage.kind === 'INSERT' || entry.usage.kind === 'OTHER') continue;
    for (const table of entry.usage.tables) {
      const key = tableKeyOf(table);
      const filters = entry.usage.filters.filter(
        (f) => tableKeyOf(f.column.table) === key && f.topLevel && f.castType === null && (f.operator === 'eq' || f.operator === 'in' || f.operator === 'range'),
      );
      const items = new Set(filters.map((f) => f.column.column));
      const rangeItems = new Set(filters.filter((f) => f.operator === 'range').map((f) => f.column.column));
      const group = byTable.get(key) ?? { table, transactions: [] };
      group.transactions.push({ used: entry, items, rangeItems });
      byTable.set(key, group);
    }
  }
  const rules: AssociationRule[] = [];
  const sets: FrequentColumnSet[] = [];
  for (const { table, transactions } of byTable.values()) {
    const tableModel = findTable(model, table.schema, table.name);
    if (tableModel === null) continue;
    const total = transactions.reduce((sum, t) => sum + t.used.weight, 0);
    if (total <= 0) continue;
    const weightOf = new Map<string, number>();
    for (const transaction of transactions) {
      for (const subset of subsetsUpTo([...transaction.items].sort(), settings.maxIndexColumns)) {
        const key = setKey(subset);
        weightOf.set(key, (weightOf.get(key) ?? 0) + transaction.used.weight);
      }
    }
    const support = (columns: readonly string[]): number => (weightOf.get(setKey(columns)) ?? 0) / total;
    const frequent = [...weightOf.keys()].map((key) => key.split('\u0000')).filter((columns) => support(columns) >= settings.minSupport);
    const qualifying: { columns: string[]; confidence: number; lift: number }[] = [];
    for (const columns of frequent) {
      if (columns.length < 2) {
        qualifying.push({ columns, confidence: 1, lift: 1 });
        continue;
      }
      let bestConfidence = 0;
      let minLift = Infinity;
      for (const antecedent of subsetsUpTo(columns, columns.length - 1)) {
        const consequent = columns.filter((c) => !antecedent.includes(c));
        const confidence = support(columns) / support(antecedent);
        const lift = confidence / support(consequent);
        rules.push({ table, antecedent, consequent, support: support(columns), confidence, lift });
        // Single-column consequents decide: one column must follow from the others often
        // enough (the index then serves both the combined statements and, by its prefix,
        // those using the others), and no pair may be used together less than by chance.
        if (consequent.length === 1) {
          bestConfidence = Math.max(bestConfidence, confidence);
          minLift = Math.min(minLift, lift);
        }
      }
      if (bestConfidence >= settings.minConfidence && minLift >= settings.minLift) qualifying.push({ columns, confidence: bestConfidence, lift: minLift });
    }
    // Keep maximal sets: a subset is served by the wider set's index when it is a prefix of it.
    const maximal = qualifying.filter((s) => !qualifying.some((o) => o.columns.length > s.columns.length && s.columns.every((c) => o.columns.includes(c))));
    for (const candidate of maximal) {
      const matching = transactions.filter((t) => candidate.columns.every((c) => t.items.has(c)));
      const rangeColumns = candidate.columns.filter((c) => matching.some((t) => t.rangeItems.has(c)));
      const equality = candidate.columns.filter((c) => !rangeColumns.includes(c)).sort((a, b) => distinctOf(tableModel, b) - distinctOf(tableModel, a) || (a < b ? -1 : 1));
      const range = rangeColumns.sort((a, b) => distinctOf(tableModel, b) - distinctOf(tableModel, a));
      // Only the first range column can bound an index scan; the others would be filters.
      const keyColumns = [...equality, ...range.slice(0, 1)];
      const tableKey = tableKeyOf(table);
      const outputs = new Set<string>();
      let starred = false;
      for (const t of matching) {
        if (t.used.usage.stars.some((s) => tableKeyOf(s) === tableKey)) starred = true;
        for (const p of t.used.usage.projections) if (tableKeyOf(p.table) === tableKey && !keyColumns.includes(p.column)) outputs.add(p.column);
        for (const o of t.used.usage.orderBy) if (tableKeyOf(o.table) === tableKey && !keyColumns.includes(o.column)) outputs.add(o.column);
      }
      const include = !starred && outputs.size <= settings.maxIncludeColumns ? [...outputs].sort() : [];
      const covered = matching.filter(
        (t) =>
          !t.used.usage.stars.some((s) => tableKeyOf(s) === tableKey) &&
          t.used.usage.projections.every((p) => tableKeyOf(p.table) !== tableKey || keyColumns.includes(p.column) || include.includes(p.column)),
      );
      const setWeight = matching.reduce((sum, t) => sum + t.used.weight, 0);
      sets.push({
        table,
        columns: keyColumns,
        equalityCount: equality.length,
        include,
        support: support(candidate.columns),
        confidence: candidate.confidence,
        lift: candidate.lift,
        coverage: include.length === 0 || setWeight === 0 ? 0 : covered.reduce((sum, t) => sum + t.used.weight, 0) / setWeight,
        calls: matching.reduce((sum, t) => sum + t.used.statement.calls, 0),
        weight: setWeight,
        fingerprints: matching.map((t) => t.used.statement.fingerprint),
      });
    }
  }
  return { rules, sets };
}
