import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { quoteQualifiedName, quoteIdentifier } from '../sql/quote-identifier.js';

/** A catalog table whose rows expire: those whose `column` (a timestamptz) is older than `keepMs`. */
export interface RetentionRule {
  readonly table: string;
  readonly column: string;
  readonly keepMs: number;
}

/** Rows deleted per statement: short transactions, so a prune never holds locks for long. */
const BATCH_ROWS = 5_000;

/**
 * Deletes the expired rows of each rule's table in the `shadowtune` schema, in batches, and
 * returns how many went per table. Tables that grow with every event (ids seen for
 * idempotence, latency samples, volume samples) would otherwise grow without bound; what is
 * kept must outlast the topics' retention for ids (a redelivery older than that cannot come).
 */
export async function pruneExpiredRows(pool: pg.Pool, rules: readonly RetentionRule[], now: number): Promise<Readonly<Record<string, number>>> {
  const deleted: Record<string, number> = {};
  for (const rule of rules) {
    const table = quoteQualifiedName('shadowtune', rule.table);
    const column = quoteIdentifier(rule.column);
    const sql = `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT ${BATCH_ROWS})`;
    const cutoff = new Date(now - rule.keepMs);
    let total = 0;
    for (;;) {
      let count: number;
      try {
        count = (await pool.query(sql, [cutoff])).rowCount ?? 0;
      } catch (error) {
        throw toDatabaseError(error, sql);
      }
      total += count;
      if (count < BATCH_ROWS) break;
    }
    deleted[rule.table] = total;
  }
  return deleted;
}
