import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { ParameterBinding, StatementShape, TableUse, Target } from '@shadowtune/shared/sql/statement/statement-shape';
import type { ParameterSet } from './parameter-set.js';

export interface DrawOptions {
  /** Sets per class (heavy hitters, tail). */
  readonly perClass: number;
  /** A value is a heavy hitter when it is among this many most frequent values. */
  readonly heavyHitterValues: number;
  readonly limitValue: number;
  readonly offsetValue: number;
  /** Per placeholder number: like-contains, like-prefix, like-exact. */
  readonly hints: Readonly<Record<string, string>>;
}

export interface DrawnParameterSets {
  readonly heavy: readonly ParameterSet[];
  readonly tail: readonly ParameterSet[];
  /** Values that match nothing (for equivalence checks on empty results). */
  readonly empty: readonly ParameterSet[];
}

const VALUE_ROLES = new Set(['compare', 'like', 'array', 'set-value', 'insert-value']);

function expressionOf(target: Target): string {
  return target.kind === 'column' ? quoteIdentifier(target.column) : `(${target.sql})`;
}

function isEquality(binding: ParameterBinding): boolean {
  return binding.role === 'array' || binding.operator === '=' || binding.operator === 'IN';
}

function isRange(binding: ParameterBinding): boolean {
  return binding.role === 'compare' && ['<', '<=', '>', '>=', 'BETWEEN'].includes(binding.operator ?? '');
}

/** Quantile of a range bound by class: heavy hitters select most of the table, the tail a sliver. */
function rangeQuantile(binding: ParameterBinding, heavy: boolean): number {
  const op = binding.operator ?? '';
  const low = op === '>' || op === '>=' || binding.bound === 'low';
  if (binding.operator === 'BETWEEN') {
    if (heavy) return low ? 0.05 : 0.95;
    return low ? 0.5 : 0.5005;
  }
  if (heavy) return low ? 0.1 : 0.9;
  return low ? 0.999 : 0.001;
}

function likePattern(value: string, hint: string | undefined, operator: string | null): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  const style = hint ?? 'like-contains';
  if (style === 'like-exact') return escaped;
  if (style === 'like-prefix') return `${escaped.slice(0, Math.max(3, Math.ceil(escaped.length / 2)))}%`;
  // A run from the middle of a real value: selective, and found only by a scan or a trigram index.
  const start = Math.floor(value.length / 3);
  const piece = value.slice(start, start + Math.max(3, Math.min(6, value.length - start))).replace(/[\\%_]/g, (c) => `\\${c}`);
  return operator === 'ILIKE' ? `%${piece.toUpperCase()}%` : `%${piece}%`;
}

function arrayLiteral(value: string): string {
  return `{"${value.replace(/["\\]/g, (c) => `\\${c}`)}"}`;
}

/** A value of the column's type that no row holds, or null when none is known. */
function absentValue(use: TableUse | undefined, target: Target): string | null {
  if (target.kind !== 'column' || !use?.table) return null;
  const column = findColumn(use.table, target.column);
  if (!column || column.isArray) return null;
  if (column.typeName === 'uuid') return '00000000-0000-4000-8000-00000000dead';
  switch (column.typeCategory) {
    case 'N':
      return '-987654321';
    case 'S':
      return 'shadowtune-absent-value';
    case 'D':
      return '1001-01-01';
    default:
      return null;
  }
}

async function query(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await client.query(sql, params);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}

/**
 * Draws parameter values for a statement from the data in the shadow: for each table whose
 * columns placeholders are compared with, the most frequent values of the leading equality
 * column make the heavy-hitter sets and the rarest values the tail sets; the other
 * placeholders on that table take their values from the same rows (so correlated
 * predicates match together), range bounds are quantiles (wide for heavy hitters, narrow
 * for the tail), LIMIT/OFFSET fixed values. The values are synthetic data, never
 * production literals; they are passed as text and cast by the server.
 */
export async function drawParameterSets(client: pg.ClientBase, shape: StatementShape, options: DrawOptions): Promise<DrawnParameterSets> {
  const count = shape.parameterCount;
  if (count === 0) return { heavy: [{ parameterClass: 'NONE', values: [] }], tail: [], empty: [] };
  const perClass = Math.max(1, options.perClass);
  const heavy: (string | null)[][] = Array.from({ length: perClass }, () => Array<string | null>(count).fill(null));
  const tail: (string | null)[][] = Array.from({ length: perClass }, () => Array<string | null>(count).fill(null));
  const empty: (string | null)[] = Array<string | null>(count).fill(null);
  const tablesById = new Map(shape.tables.map((t) => [t.id, t]));

  const byTable = new Map<string, ParameterBinding[]>();
  for (const binding of shape.parameters) {
    if (binding.role === 'limit') {
      for (const set of [...heavy, ...tail]) set[binding.position - 1] = String(options.limitValue);
      empty[binding.position - 1] = String(options.limitValue);
      continue;
    }
    if (binding.role === 'offset') {
      for (const set of [...heavy, ...tail]) set[binding.position - 1] = String(options.offsetValue);
      empty[binding.position - 1] = String(options.offsetValue);
      continue;
    }
    if (!VALUE_ROLES.has(binding.role) || binding.target === null) continue;
    const group = byTable.get(binding.target.tableId) ?? [];
    group.push(binding);
    byTable.set(binding.target.tableId, group);
  }

  for (const [tableId, bindings] of byTable) {
    const use = tablesById.get(tableId);
    if (!use) continue;
    const relation = quoteQualifiedName(use.schema, use.name);
    for (const binding of bindings) {
      const absent = absentValue(use, binding.target!);
      empty[binding.position - 1] = absent === null ? null : binding.role === 'array' ? arrayLiteral(absent) : binding.role === 'like' ? absent : absent;
    }

    // Range bounds: quantiles of their own expression.
    for (const binding of bindings.filter(isRange)) {
      const expression = expressionOf(binding.target!);
      const fractions = [rangeQuantile(binding, true), rangeQuantile(binding, false)];
      const result = await query(
        client,
        `SELECT (percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY ${expression}))::text[] AS q FROM ${relation} WHERE ${expression} IS NOT NULL`,
        [fractions],
      );
      const q = (result.rows[0]?.q ?? [null, null]) as (string | null)[];
      for (const set of heavy) set[binding.position - 1] = q[0] ?? null;
      for (const set of tail) set[binding.position - 1] = q[1] ?? null;
    }

    const valued = bindings.filter((b) => !isRange(b));
    if (valued.length === 0) continue;
    const driver = valued.find(isEquality) ?? valued[0]!;
    const driverExpression = expressionOf(driver.target!);
    const frequencies = await query(
      client,
      `WITH f AS (SELECT (${driverExpression})::text AS v, count(*) AS n FROM ${relation} WHERE ${driverExpression} IS NOT NULL GROUP BY 1)
       (SELECT v, n, 'heavy' AS class FROM f ORDER BY n DESC, v LIMIT $1)
       UNION ALL
       (SELECT v, n, 'tail' AS class FROM f ORDER BY n ASC, v LIMIT $2)`,
      [Math.max(options.heavyHitterValues, 1), perClass],
    );
    const heavyValues = frequencies.rows.filter((r) => r.class === 'heavy').map((r) => String(r.v));
    const topHeavy = new Set(heavyValues);
    const tailValues = frequencies.rows.filter((r) => r.class === 'tail' && !topHeavy.has(String(r.v))).map((r) => String(r.v));
    const classes: [(string | null)[][], string[]][] = [
      [heavy, heavyValues],
      [tail, tailValues.length > 0 ? tailValues : heavyValues.slice(-1)],
    ];
    const selectList = valued.map((b, i) => `(${expressionOf(b.target!)})::text AS c${i}`).join(', ');
    for (const [sets, values] of classes) {
      if (values.length === 0) continue;
      for (let i = 0; i < sets.length; i += 1) {
        const value = values[i % values.length]!;
        // Another row for each repeat of the same value, so the sets differ in their other columns.
        const row = await query(client, `SELECT ${selectList} FROM ${relation} WHERE (${driverExpression})::text = $1 OFFSET $2 LIMIT 1`, [value, Math.floor(i / values.length)]);
        const fallback = row.rows.length === 0 ? await query(client, `SELECT ${selectList} FROM ${relation} WHERE (${driverExpression})::text = $1 LIMIT 1`, [value]) : row;
        const found = fallback.rows[0] as Record<string, string | null> | undefined;
        valued.forEach((binding, j) => {
          const raw = found ? found[`c${j}`] ?? null : null;
          let value: string | null = raw;
          if (raw !== null && binding.role === 'like') value = likePattern(raw, options.hints[String(binding.position)], binding.operator);
          if (raw !== null && binding.role === 'array') value = arrayLiteral(raw);
          sets[i]![binding.position - 1] = value;
        });
      }
    }
  }

  return {
    heavy: heavy.map((values) => ({ parameterClass: 'HEAVY_HITTER', values })),
    tail: tail.map((values) => ({ parameterClass: 'TAIL', values })),
    empty: [{ parameterClass: 'EMPTY', values: empty }],
  };
}
