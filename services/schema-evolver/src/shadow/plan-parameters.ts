import type pg from 'pg';
import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { parseStatements } from '@shadowtune/shared/sql/parse-statement';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { isUniqueColumn } from '../analysis/is-unique-column.js';
import type { ColumnUse, StatementUsage } from '../usage/statement-usage.js';
import type { ParameterSource } from './parameter-source.js';

/** Width of a drawn window, as a share of the column's span: a narrow range, as reports and feeds use. */
const WINDOW_FRACTION = 0.02;
const SAMPLE_SIZE = 200;

function paramNumbers(node: unknown, out: Set<number>): Set<number> {
  if (Array.isArray(node)) for (const item of node) paramNumbers(item, out);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ParamRef') out.add(Number((value as { number: number }).number));
      else paramNumbers(value, out);
    }
  }
  return out;
}

function limitParams(statement: Record<string, unknown>): { limit: number[]; offset: number[] } {
  const select = statement.SelectStmt as Record<string, unknown> | undefined;
  const of = (node: unknown) => [...paramNumbers(node, new Set())];
  return { limit: of(select?.limitCount), offset: of(select?.limitOffset) };
}

/**
 * Decides, for each placeholder of a statement, how replay values are drawn — from the
 * shadow copy's own rows where the placeholder is compared with (or written into) a
 * column, as a narrow window for ranges, as the resolved key for a JSON key, a small
 * LIMIT — and samples those values (read-only) from the baseline copy.
 */
export async function planParameters(input: {
  readonly sql: string;
  readonly usage: StatementUsage;
  readonly profiles: readonly ParameterProfile[];
  readonly model: SchemaModel;
  readonly baseline: pg.ClientBase;
  /** Resolved JSON keys by placeholder position. */
  readonly jsonKeys: ReadonlyMap<number, string>;
}): Promise<ParameterSource[]> {
  const statement = parseStatements(input.sql)[0] ?? {};
  const count = Math.max(0, ...paramNumbers(statement, new Set()));
  const sources = new Map<number, ParameterSource>();
  const profile = (position: number) => input.profiles.find((p) => p.position === position);
  const samples = new Map<string, string[]>();
  const sample = async (sql: string, key: string): Promise<string[]> => {
    if (!samples.has(key)) {
      const result = await input.baseline.query<{ v: string }>(sql).catch(() => ({ rows: [] as { v: string }[] }));
      samples.set(key, result.rows.map((r) => r.v));
    }
    return samples.get(key)!;
  };
  const tableOf = (use: ColumnUse) => findTable(input.model, use.table.schema, use.table.name);
  const fraction = (rows: number) => Math.min(100, Math.max(0.01, (20 * SAMPLE_SIZE * 100) / Math.max(rows, 1)));
  const columnSample = async (use: ColumnUse, expression: string): Promise<string[]> => {
    const table = tableOf(use);
    const relation = quoteQualifiedName(use.table.schema, use.table.name);
    const rows = table?.stats.rowEstimate ?? 0;
    const from = rows > 50_000 ? `${relation} TABLESAMPLE BERNOULLI (${fraction(rows).toFixed(4)})` : relation;
    return sample(`SELECT v FROM (SELECT (${expression})::text AS v FROM ${from}) s WHERE v IS NOT NULL ORDER BY random() LIMIT ${SAMPLE_SIZE}`, `${relation}:${expression}`);
  };
  const sampleSource = async (use: ColumnUse, position: number): Promise<ParameterSource> => ({
    kind: 'sample',
    values: await columnSample(use, quoteIdentifier(use.column)),
    topShare: profile(position)?.topShare ?? 0,
  });

  const { limit, offset } = limitParams(statement);
  for (const position of limit) sources.set(position, { kind: 'constant', value: '20' });
  for (const position of offset) sources.set(position, { kind: 'constant', value: '0' });

  for (const read of input.usage.jsonReads) {
    if (read.key.kind === 'param') {
      const key = input.jsonKeys.get(read.key.position);
      sources.set(read.key.position, key === undefined ? { kind: 'typed', typeClass: 'TEXT' } : { kind: 'constant', value: key });
    }
    const key = read.key.kind === 'literal' ? read.key.value : input.jsonKeys.get(read.key.position);
    for (const position of read.comparedParams) {
      if (key === undefined) continue;
      const values = await columnSample(read.column, `${quoteIdentifier(read.column.column)} ${read.operator} ${quoteLiteral(key)}`);
      sources.set(position, { kind: 'sample', values, topShare: profile(position)?.topShare ?? 0 });
    }
  }

  // Ranges: a lower bound and its upper bound on the same column form one window.
  const byColumn = new Map<string, { use: ColumnUse; lower: number[]; upper: number[] }>();
  for (const filter of input.usage.filters) {
    if (filter.operator !== 'range' || filter.castType !== null) continue;
    const key = `${filter.column.table.schema}.${filter.column.table.name}.${filter.column.column}`;
    const group = byColumn.get(key) ?? { use: filter.column, lower: [], upper: [] };
    if (filter.bound === 'both' && filter.params.length === 2) {
      group.lower.push(filter.params[0]!);
      group.upper.push(filter.params[1]!);
    } else if (filter.bound === 'lower') group.lower.push(...filter.params);
    else if (filter.bound === 'upper') group.upper.push(...filter.params);
    byColumn.set(key, group);
  }
  for (const group of byColumn.values()) {
    const table = tableOf(group.use);
    const column = table === null ? null : findColumn(table, group.use.column);
    const time = column?.typeCategory === 'D';
    const numeric = column?.typeCategory === 'N';
    if (!time && !numeric) continue;
    const value = time ? `extract(epoch FROM ${quoteIdentifier(group.use.column)}) * 1000` : `${quoteIdentifier(group.use.column)}::float8`;
    const bounds = await input.baseline
      .query<{ lo: number | null; hi: number | null }>(`SELECT min(${value})::float8 AS lo, max(${value})::float8 AS hi FROM ${quoteQualifiedName(group.use.table.schema, group.use.table.name)}`)
      .catch(() => ({ rows: [] as { lo: number | null; hi: number | null }[] }));
    const lo = bounds.rows[0]?.lo;
    const hi = bounds.rows[0]?.hi;
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    const span = (hi - lo) * WINDOW_FRACTION;
    group.lower.forEach((position, i) => {
      const pair = group.upper[i] ?? null;
      sources.set(position, { kind: 'window-lower', min: lo, max: hi, span, time, pair: pair === null ? null : pair - 1 });
      if (pair !== null) sources.set(pair, { kind: 'window-upper', pair: position - 1 });
    });
    for (const position of group.upper.slice(group.lower.length)) {
      sources.set(position, { kind: 'window-lower', min: lo + span, max: hi, span: 0, time, pair: null });
    }
  }

  for (const filter of input.usage.filters) {
    for (const position of filter.params) if (!sources.has(position)) sources.set(position, await sampleSource(filter.column, position));
  }
  for (const written of input.usage.writtenColumns) {
    const table = tableOf(written);
    for (const position of written.params) {
      if (sources.has(position)) continue;
      const column = table === null ? null : findColumn(table, written.column);
      if (table !== null && column !== null && isUniqueColumn(table, written.column)) {
        // A fresh value, so the write does not fail on the unique key.
        sources.set(position, { kind: 'typed', typeClass: column.typeCategory === 'N' ? 'UNIQUE_INTEGER' : column.typeName === 'uuid' ? 'UUID' : 'TEXT' });
      } else sources.set(position, await sampleSource(written, position));
    }
  }
  const result: ParameterSource[] = [];
  for (let position = 1; position <= count; position += 1) {
    result.push(sources.get(position) ?? { kind: 'typed', typeClass: profile(position)?.typeClass ?? 'TEXT' });
  }
  return result;
}
