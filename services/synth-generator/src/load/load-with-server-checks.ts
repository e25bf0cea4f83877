import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { createRowStream } from '../generate/create-row-stream.js';
import type { TableGenerator } from '../generate/table-generator.js';
import type { TablePlan } from '../plan/generation-plan.js';
import { checkExpressionOf } from './check-expression-of.js';
import { copyRows } from './copy-rows.js';

export interface ServerCheckOutcome {
  readonly inserted: number;
  /** Rows that failed a check at least once and were drawn again. */
  readonly redrawn: number;
  /** Rows accepted only after their nullable checked columns were set to NULL. */
  readonly nulled: number;
  /** Rows no strategy could make pass: not loaded. */
  readonly dropped: number;
}

const STAGE = 'shadowtune_stage';
const ROW = 'shadowtune_row';

async function run(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await client.query(sql, params);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}

/**
 * Loads a table whose CHECKs the generator could not fully interpret, letting the server
 * judge: rows are COPYed into a temporary staging table (no constraints), those passing
 * every such CHECK move to the table, and the rejected rows are drawn again with fresh
 * values for the checked columns (keys unchanged), up to `rounds` times (fewer when a round
 * fixes under 1% of them). What still fails
 * is retried with its nullable checked columns set to NULL (a CHECK passes on NULL); what
 * fails even then is dropped and counted. Must run on one connection (temporary table).
 */
export async function loadWithServerChecks(
  client: pg.ClientBase,
  table: TablePlan,
  generatorForRound: (round: number) => TableGenerator,
  rounds: number,
  onRows: (rows: number) => void,
): Promise<ServerCheckOutcome> {
  const target = quoteQualifiedName(table.schema, table.name);
  const copyColumns = table.copyColumns;
  const columnList = copyColumns.map(quoteIdentifier).join(', ');
  const filtered = table.serverValidatedChecks
    .filter((c) => c.columns.every((name) => copyColumns.includes(name)))
    .map((c) => checkExpressionOf(c.definition))
    .filter((e): e is string => e !== null);
  const passes = filtered.length === 0 ? 'true' : filtered.map((e) => `(${e}) IS NOT FALSE`).join(' AND ');
  await run(client, `DROP TABLE IF EXISTS pg_temp.${STAGE}`);
  await run(client, `CREATE TEMPORARY TABLE ${STAGE} AS SELECT ${columnList}, 0::bigint AS ${ROW} FROM ${target} WITH NO DATA`);
  let inserted = 0;
  let redrawn = 0;
  let pending: number[] | null = null;
  try {
    for (let round = 0; round <= rounds; round += 1) {
      const generator = generatorForRound(round);
      const withRow: TableGenerator = { ...generator, line: (row) => `${generator.line(row).slice(0, -1)}\t${row}\n` };
      const source = pending === null ? createRowStream(withRow, { from: 0, to: table.rows }) : createRowStream(withRow, { rows: pending });
      await copyRows(client, null, STAGE, [...copyColumns, ROW], source);
      const moved = await run(client, `INSERT INTO ${target} (${columnList}) SELECT ${columnList} FROM ${STAGE} WHERE ${passes} ORDER BY ${ROW}`);
      inserted += moved.rowCount ?? 0;
      onRows(moved.rowCount ?? 0);
      await run(client, `DELETE FROM ${STAGE} WHERE ${passes}`);
      const left = await run(client, `SELECT ${ROW} AS row FROM ${STAGE} ORDER BY ${ROW}`);
      const before = pending?.length ?? table.rows;
      pending = left.rows.map((r: { row: string | number }) => Number(r.row));
      if (pending.length === 0) return { inserted, redrawn, nulled: 0, dropped: 0 };
      if (round === 0) redrawn = pending.length;
      // A round that fixes almost nothing means the check tests something the generator does
      // not vary (a pattern, a function): more rounds would only cost time.
      if (round > 0 && before - pending.length < before * 0.01) break;
      if (round < rounds) await run(client, `TRUNCATE ${STAGE}`);
    }
    // Last resort: NULL in the nullable columns the failing checks name.
    const checked = new Set(table.serverValidatedChecks.flatMap((c) => c.columns));
    const nullable = table.columns.filter((c) => checked.has(c.name) && c.nullable && copyColumns.includes(c.name) && c.source.kind !== 'row-index' && c.source.kind !== 'mixed-radix' && c.source.kind !== 'foreign-key');
    const nullableNames = new Set(nullable.map((c) => c.name));
    let nulled = 0;
    if (nullableNames.size > 0) {
      const projected = copyColumns.map((c) => {
        const column = table.columns.find((x) => x.name === c);
        // dataType is format_type() output from the source catalog: trusted server text.
        return nullableNames.has(c) && column !== undefined ? `CAST(NULL AS ${column.dataType}) AS ${quoteIdentifier(c)}` : quoteIdentifier(c);
      });
      const result = await run(
        client,
        `INSERT INTO ${target} (${columnList}) SELECT ${columnList} FROM (SELECT ${projected.join(', ')}, ${ROW} FROM ${STAGE}) AS nulled WHERE ${passes} ORDER BY ${ROW}`,
      ).catch(() => null);
      nulled = result?.rowCount ?? 0;
      inserted += nulled;
      onRows(nulled);
    }
    return { inserted, redrawn, nulled, dropped: (pending?.length ?? 0) - nulled };
  } finally {
    await run(client, `DROP TABLE IF EXISTS pg_temp.${STAGE}`).catch(() => undefined);
  }
}
