import type { Predicate, StatementShape, TableUse, Target } from '@shadowtune/shared/sql/statement/statement-shape';
import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { ColumnModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { commonValuesObstacle } from '@shadowtune/shared/schema-model/common-values-obstacle';
import type { ReasonCode } from '../reason-code.js';
import type { IndexCandidate, IndexKey, IndexPurpose } from './index-candidate.js';
import { comparableOfCandidate, comparableOfModel, indexServes } from './index-serves.js';

export interface DesignOptions {
  readonly maxIndexColumns: number;
  readonly maxIncludeColumns: number;
  /** IS NULL / IS NOT NULL conjuncts make a candidate partial when they keep at most 1 - this share of rows. */
  readonly partialNullFraction: number;
  /**
   * An equality (=, IN) column whose most common value holds at least this share of the rows
   * gets a partial candidate excluding that value, when the value is known (the model carries
   * most common values only under the productionValues opt-in).
   */
  readonly partialDominantShare: number;
  readonly trigramAvailable: boolean;
  /** The finding says a LIKE pattern starts with a wildcard. */
  readonly leadingWildcard: boolean;
  /** How many fingerprints on a table use a column as equality (orders equality keys so indexes share prefixes). */
  readonly equalityUse: (schema: string, table: string, column: string) => number;
}

export interface DesignNote {
  readonly table: string;
  readonly reason: ReasonCode;
  readonly detail: string;
}

export interface DesignResult {
  readonly candidates: readonly IndexCandidate[];
  readonly notes: readonly DesignNote[];
}

const TEXTUAL = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);

function keyOf(target: Target, descending = false, nullsFirst: boolean | null = null, opclass: string | null = null): IndexKey {
  return target.kind === 'column'
    ? { column: target.column, expression: null, descending, nullsFirst, opclass }
    : { column: null, expression: target.sql, descending, nullsFirst, opclass };
}

function targetId(target: Target): string {
  return target.kind === 'column' ? target.column : target.sql;
}

function distinctOf(table: TableModel, target: Target): number {
  if (target.kind !== 'column') return 0;
  const stats = findColumn(table, target.column)?.stats;
  if (!stats) return 0;
  return stats.nDistinct >= 0 ? stats.nDistinct : -stats.nDistinct * Math.max(table.stats.rowEstimate, 1);
}

function nullFraction(table: TableModel, column: string): number | null {
  return findColumn(table, column)?.stats?.nullFraction ?? null;
}

const OBSTACLE_WORDS = {
  'foreign-key': 'a foreign key column keeps synthetic values in the shadow',
  'unique-key': 'a unique key column keeps synthetic values in the shadow',
  'server-filled': 'the server fills the column in the shadow',
} as const;

/** The cast a dominant value's literal needs: to its enum or domain (a built-in type's literal takes the column's type). */
function castTypeOf(column: ColumnModel): { schema: string; name: string } | null {
  const schema = column.typeSchema ?? 'pg_catalog';
  return schema === 'pg_catalog' || column.isArray ? null : { schema, name: column.typeName };
}

function uniqueTargets(predicates: readonly Predicate[]): Target[] {
  const seen = new Map<string, Target>();
  for (const p of predicates) if (!seen.has(targetId(p.target))) seen.set(targetId(p.target), p.target);
  return [...seen.values()];
}

/**
 * Designs index candidates for one statement, table by table, from the concept's rules
 * (full scan or filter cost → index on the filtered columns; join cost → index on the join
 * columns) and further: equality columns first (ordered so statements on the same table
 * share prefixes), then one range column or the ORDER BY keys of a LIMIT query; a covering
 * variant (INCLUDE) when every column read fits; a partial variant when an IS [NOT] NULL
 * conjunct keeps a small share of the rows, or one that leaves out the dominant value of an
 * equality column (when production's values are known); expression keys for wrapped columns; a trigram
 * GIN index for LIKE with a leading wildcard (when pg_trgm is installed) or a pattern-ops
 * btree for prefix LIKE; one index per OR arm. Candidates an existing valid index already
 * serves are dropped, with a note.
 */
export function designIndexCandidates(shape: StatementShape, fingerprint: string, options: DesignOptions): DesignResult {
  const candidates: IndexCandidate[] = [];
  const notes: DesignNote[] = [];
  const seen = new Set<string>();

  const add = (use: TableUse, keys: IndexKey[], equalityPrefix: number, purpose: IndexPurpose, extra: Partial<Pick<IndexCandidate, 'include' | 'predicate' | 'method'>> = {}): void => {
    const table = use.table!;
    if (keys.length === 0) return;
    if (keys.length > options.maxIndexColumns) {
      notes.push({ table: `${table.schema}.${table.name}`, reason: 'TOO_MANY_COLUMNS', detail: `${keys.length} key columns for a ${purpose} index` });
      keys = keys.slice(0, options.maxIndexColumns);
      equalityPrefix = Math.min(equalityPrefix, keys.length);
    }
    const candidate: IndexCandidate = {
      schema: table.schema,
      table: table.name,
      method: extra.method ?? 'btree',
      keys,
      equalityPrefix,
      include: extra.include ?? [],
      predicate: extra.predicate ?? null,
      purpose,
      fingerprints: [fingerprint],
    };
    const comparable = comparableOfCandidate(candidate);
    const server = table.indexes.find((index) => index.valid && indexServes(comparableOfModel(index), comparable, equalityPrefix));
    if (server) {
      notes.push({ table: `${table.schema}.${table.name}`, reason: 'ALREADY_INDEXED', detail: `${purpose} candidate served by existing index ${server.name}` });
      return;
    }
    const id = JSON.stringify([candidate.method, candidate.keys, candidate.include, candidate.predicate]);
    if (seen.has(id)) return;
    seen.add(id);
    candidates.push(candidate);
  };

  for (const use of shape.tables) {
    const table = use.table;
    if (!table || (table.kind !== 'table' && table.kind !== 'partitioned-table' && table.kind !== 'materialized-view')) continue;
    const mine = shape.predicates.filter((p) => p.target.tableId === use.id);
    const conjuncts = mine.filter((p) => p.conjunct);
    const orderEquality = (targets: Target[]): Target[] =>
      [...targets].sort(
        (a, b) =>
          (b.kind === 'column' ? options.equalityUse(table.schema, table.name, b.column) : 0) - (a.kind === 'column' ? options.equalityUse(table.schema, table.name, a.column) : 0) ||
          distinctOf(table, b) - distinctOf(table, a) ||
          targetId(a).localeCompare(targetId(b)),
      );
    const equality = orderEquality(uniqueTargets(conjuncts.filter((p) => p.kind === 'equality')));
    const joins = uniqueTargets(conjuncts.filter((p) => p.kind === 'join')).filter((t) => !equality.some((e) => targetId(e) === targetId(t)));
    const ranges = uniqueTargets(conjuncts.filter((p) => p.kind === 'range')).filter((t) => !equality.some((e) => targetId(e) === targetId(t)));
    const likes = conjuncts.filter((p) => p.kind === 'like');
    const nullTests = conjuncts.filter((p) => p.kind === 'null-test' && p.target.kind === 'column');
    const sortOnTable = use.scope === 0 && shape.sort.length > 0 && shape.sort.every((s) => s.target !== null && s.target.tableId === use.id);
    const sortKeys = sortOnTable ? shape.sort.map((s) => keyOf(s.target!, s.descending, s.nullsFirst)) : [];
    const eqKeys = equality.map((t) => keyOf(t));
    const joinKeys = orderEquality(joins).map((t) => keyOf(t));
    const before = candidates.length;

    // Equality (+ join lookup columns), then one range column.
    const lookup = [...eqKeys, ...joinKeys];
    if (lookup.length > 0 || ranges.length > 0) {
      const rangeKey = ranges[0] ? [keyOf(ranges[0])] : [];
      const purpose: IndexPurpose = ranges.length > 0 ? 'equality-range' : joinKeys.length > 0 && eqKeys.length === 0 ? 'join' : 'equality';
      add(use, [...lookup, ...rangeKey.filter((k) => !sortKeys.some((s) => s.column === k.column && s.expression === k.expression))], lookup.length, purpose);
      if (ranges.length > 0 && sortKeys.length === 0) {
        // The range column alone can be the better choice when the equality columns are not selective.
        const only = ranges.find((r) => r.kind === 'column') ?? ranges[0]!;
        if (lookup.length > 0) add(use, [keyOf(only)], 0, 'equality-range');
      }
    }
    // Equality then the ORDER BY keys: rows come out sorted, a LIMIT stops early.
    if (sortKeys.length > 0 && shape.hasLimit) {
      add(use, [...lookup, ...sortKeys.filter((s) => !lookup.some((l) => l.column === s.column && l.expression === s.expression))], lookup.length, 'equality-sort');
    }
    // Wrapped columns are keyed on the expression itself (already in lookup/range keys); note what could not be rebuilt.
    for (const p of mine.filter((x) => x.target.kind === 'expression' && x.kind === 'other')) {
      notes.push({ table: `${table.schema}.${table.name}`, reason: 'EXPRESSION_NOT_INDEXABLE', detail: `predicate with operator ${p.operator}` });
    }
    // LIKE: trigram GIN for a leading wildcard, pattern-ops btree for a prefix.
    for (const like of likes) {
      const target = like.target;
      const column = target.kind === 'column' ? findColumn(table, target.column) : null;
      const textual = target.kind === 'expression' || (column !== null && TEXTUAL.has(column.typeName) && !column.isArray);
      if (!textual) continue;
      if (options.leadingWildcard || like.operator === 'ILIKE') {
        if (options.trigramAvailable) add(use, [keyOf(target, false, null, 'gin_trgm_ops')], 0, 'trigram', { method: 'gin' });
        else notes.push({ table: `${table.schema}.${table.name}`, reason: 'TRIGRAM_UNAVAILABLE', detail: `${like.operator} on ${targetId(target)}` });
      } else {
        add(use, [...eqKeys, keyOf(target, false, null, column?.typeName === 'varchar' ? 'varchar_pattern_ops' : 'text_pattern_ops')], eqKeys.length, 'prefix-like');
      }
    }
    // Partial: an IS [NOT] NULL conjunct that keeps few rows becomes the index's predicate.
    for (const test of nullTests) {
      if (test.target.kind !== 'column') continue;
      const fraction = nullFraction(table, test.target.column);
      if (fraction === null) continue;
      const kept = test.operator === 'IS NULL' ? fraction : 1 - fraction;
      if (kept > 1 - options.partialNullFraction) continue;
      const testedColumn = test.target.column;
      const keys = [...lookup, ...(ranges[0] ? [keyOf(ranges[0])] : []), ...(shape.hasLimit ? sortKeys : [])].filter((k) => k.column !== testedColumn);
      const partialKeys = keys.length > 0 ? keys : [keyOf(test.target)];
      add(use, partialKeys, lookup.length, 'partial', { predicate: { column: test.target.column, test: test.operator === 'IS NULL' ? 'IS NULL' : 'IS NOT NULL' } });
    }
    // Partial: an equality column dominated by one value. Rows holding it are most of the
    // table, so its lookups stay sequential scans; an index leaving it out serves every other
    // value at a fraction of the size and write cost. The value must be production's: the
    // shadow's own would be synthetic, meaningless for production.
    for (const target of equality) {
      if (target.kind !== 'column') continue;
      const column = findColumn(table, target.column);
      const stats = column?.stats;
      const top = stats?.mostCommonFrequencies[0];
      if (!column || !stats || top === undefined || top < options.partialDominantShare) continue;
      const share = `${column.name}: one value holds ${Math.round(top * 100)}% of the rows`;
      const values = stats.mostCommonValues ?? null;
      const obstacle = commonValuesObstacle(table, column);
      if (values === null || values.length === 0 || values.length !== stats.mostCommonFrequencies.length || obstacle !== null) {
        const why = obstacle !== null ? OBSTACLE_WORDS[obstacle] : 'the dataset holds no production values for it (productionValues.mostCommonValues is off, the schema came from a file, or the synth-generator could not reproduce them)';
        notes.push({ table: `${table.schema}.${table.name}`, reason: 'DOMINANT_VALUE_UNKNOWN', detail: `${share}; ${why}` });
        continue;
      }
      const tail = shape.hasLimit && sortKeys.length > 0 ? sortKeys : ranges[0] ? [keyOf(ranges[0])] : [];
      const keys = [...lookup, ...tail.filter((t) => !lookup.some((l) => l.column === t.column && l.expression === t.expression))];
      add(use, keys, lookup.length, 'partial', { predicate: { column: column.name, test: '<>', value: values[0]!, type: castTypeOf(column) } });
    }
    // Covering: the fullest plain btree candidate plus every other column read, when they fit.
    const first = candidates
      .slice(before)
      .filter((c) => c.method === 'btree' && c.predicate === null && c.purpose !== 'or-arm' && c.purpose !== 'prefix-like')
      .sort((a, b) => b.keys.length - a.keys.length)[0];
    if (first && !shape.starTables.has(use.id)) {
      const keyColumns = new Set(first.keys.map((k) => k.column).filter((c): c is string => c !== null));
      const rest = [...(shape.referencedColumns.get(use.id) ?? [])].filter((c) => !keyColumns.has(c) && findColumn(table, c) !== null).sort();
      if (rest.length > 0 && rest.length <= options.maxIncludeColumns) add(use, [...first.keys], first.equalityPrefix, 'covering', { include: rest });
    }
    // OR across columns: one index per arm, so the planner can combine them (BitmapOr).
    for (const group of shape.orGroups) {
      for (const arm of group.arms) {
        const armEquality = arm.filter((p) => p.target.tableId === use.id && (p.kind === 'equality' || p.kind === 'range'));
        if (armEquality.length === 0 || armEquality.length !== arm.length) continue;
        add(use, orderEquality(uniqueTargets(armEquality)).map((t) => keyOf(t)), armEquality.filter((p) => p.kind === 'equality').length, 'or-arm');
      }
    }
    if (candidates.length === before && !notes.some((n) => n.table === `${table.schema}.${table.name}`)) {
      notes.push({ table: `${table.schema}.${table.name}`, reason: 'NO_INDEXABLE_PREDICATE', detail: 'no conjunct, join, sort or OR group an index can serve' });
    }
  }
  return { candidates, notes };
}
