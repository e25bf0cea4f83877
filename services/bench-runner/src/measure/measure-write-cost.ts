import type pg from 'pg';
import type { WriteCost } from '@shadowtune/shared/contracts/generated-types';
import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { buildCopyRowsInsert } from '../data/build-copy-rows-insert.js';
import { hiddenFor, type PreparedVariant } from './measure-variants.js';
import { summarizeTimings } from './summarize-timings.js';

export interface WriteCostOptions {
  readonly rows: number;
  readonly repeats: number;
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
}

interface WriteSample {
  readonly insertMs: number;
  readonly updateMs: number;
  readonly walBytes: number;
}

async function explainWrite(client: pg.ClientBase, sql: string, params: unknown[]): Promise<{ ms: number; wal: number }> {
  const result = await client.query({ text: `EXPLAIN (ANALYZE, WAL, FORMAT JSON) ${sql}`, values: params });
  const raw = result.rows[0]?.['QUERY PLAN'] as unknown;
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'WAL Bytes'?: number }; 'Execution Time': number }[];
  return { ms: parsed[0]!['Execution Time'], wal: parsed[0]!.Plan['WAL Bytes'] ?? 0 };
}

/** The first plain key column of the variant's first index on the table (updated to itself to force index maintenance). */
async function updatedColumn(client: pg.ClientBase, table: TableModel, index: { schema: string; name: string }): Promise<string | null> {
  const result = await client.query<{ column: string | null }>(
    `SELECT a.attname AS column FROM pg_catalog.pg_index i
     LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indexrelid = $1::regclass`,
    [quoteQualifiedName(index.schema, index.name)],
  );
  const name = result.rows[0]?.column ?? null;
  if (name !== null) {
    const column = findColumn(table, name);
    if (column && column.identity !== 'always' && column.generatedExpression === null) return name;
  }
  const fallback = table.columns.find((c) => c.identity !== 'always' && c.generatedExpression === null && !(table.primaryKey ?? []).includes(c.name));
  return fallback?.name ?? null;
}

/**
 * Measures what a variant's indexes cost writers, on the real table and its real index
 * sizes: in rolled-back transactions, INSERT `rows` copies of existing rows (fresh keys)
 * and UPDATE `rows` rows (an indexed column set to itself, which still writes new index
 * entries once the heap page is full), with the variant's indexes present and hidden,
 * alternating, `repeats` times. Time and WAL come from EXPLAIN (ANALYZE, WAL).
 */
export async function measureWriteCost(client: pg.ClientBase, current: PreparedVariant, all: readonly PreparedVariant[], tables: readonly TableModel[], options: WriteCostOptions): Promise<WriteCost[]> {
  const costs: WriteCost[] = [];
  const byTable = new Map<string, { schema: string; name: string }[]>();
  for (const index of current.owned) {
    const key = `${index.schema}\u0000${index.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), index]);
  }
  for (const [key, indexes] of byTable) {
    const [schema, name] = key.split('\u0000') as [string, string];
    const table = tables.find((t) => t.schema === schema && t.name === name);
    if (!table) continue;
    const column = await updatedColumn(client, table, indexes[0]!);
    const relation = quoteQualifiedName(schema, name);
    const insertSql = buildCopyRowsInsert(table, false);
    const updateSql = column === null ? null : `UPDATE ${relation} SET ${quoteIdentifier(column)} = ${quoteIdentifier(column)} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${relation} LIMIT $1))`;
    const samples: Record<'with' | 'without', WriteSample[]> = { with: [], without: [] };
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      const order: ('with' | 'without')[] = repeat % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const state of order) {
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
          const hidden = hiddenFor(current, all);
          if (state === 'without') hidden.push(...current.owned);
          for (const index of hidden) await client.query(`DROP INDEX IF EXISTS ${index.schema ? quoteQualifiedName(index.schema, index.name) : quoteIdentifier(index.name)}`);
          await client.query(`SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
          const insert = await explainWrite(client, insertSql, [options.rows]);
          const update = updateSql === null ? { ms: 0, wal: 0 } : await explainWrite(client, updateSql, [options.rows]);
          samples[state].push({ insertMs: insert.ms, updateMs: update.ms, walBytes: insert.wal + update.wal });
        } finally {
          await client.query('ROLLBACK');
        }
      }
    }
    const med = (state: 'with' | 'without', pick: (s: WriteSample) => number) => summarizeTimings(samples[state].map(pick)).median;
    const without = med('without', (s) => s.insertMs + s.updateMs);
    const withIndexes = med('with', (s) => s.insertMs + s.updateMs);
    costs.push({
      variantId: current.variant.variantId,
      table: `${schema}.${name}`,
      rows: options.rows,
      insertMsWithout: med('without', (s) => s.insertMs),
      insertMsWith: med('with', (s) => s.insertMs),
      updateMsWithout: med('without', (s) => s.updateMs),
      updateMsWith: med('with', (s) => s.updateMs),
      walBytesWithout: Math.round(med('without', (s) => s.walBytes)),
      walBytesWith: Math.round(med('with', (s) => s.walBytes)),
      factor: without > 0 ? withIndexes / without : 1,
    });
  }
  return costs;
}
