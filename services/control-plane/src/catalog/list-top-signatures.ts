import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SignatureTotals } from './catalog-records.js';

interface SignatureRow {
  readonly fingerprint: string;
  readonly normalized_sql: string | null;
  readonly total_ms: number;
  readonly mean_ms: number | null;
  readonly p95_ms: number | null;
  readonly window_calls: number;
  readonly lifetime_calls: number;
  readonly rows_total: number;
  readonly first_seen: Date;
  readonly last_seen: Date;
}

/**
 * Query signatures by total execution time, highest first, from the signature-analyzer's
 * window statistics (signature_stats, migration 0200) with the normalized statement of
 * their last examination. Keyset on (total time, fingerprint).
 */
export async function listTopSignatures(
  db: pg.Pool,
  options: { readonly limit: number; readonly after?: readonly [number, string] | null },
): Promise<{ readonly items: readonly SignatureTotals[]; readonly next: readonly [number, string] | null }> {
  try {
    const result = await db.query<SignatureRow>(
      `SELECT s.fingerprint, e.normalized_sql, coalesce(s.total_ms, 0) AS total_ms, s.mean_ms, s.p95_ms, s.window_calls, s.lifetime_calls, s.rows_total, s.first_seen, s.last_seen
         FROM shadowtune.signature_stats AS s LEFT JOIN shadowtune.signature_examinations AS e USING (fingerprint)
        WHERE $1::double precision IS NULL OR (coalesce(s.total_ms, 0) < $1 OR (coalesce(s.total_ms, 0) = $1 AND s.fingerprint > $2))
        ORDER BY coalesce(s.total_ms, 0) DESC, s.fingerprint LIMIT $3`,
      [options.after?.[0] ?? null, options.after?.[1] ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map((row) => ({
      fingerprint: row.fingerprint,
      normalizedSql: row.normalized_sql,
      totalMs: row.total_ms,
      meanMs: row.mean_ms,
      p95Ms: row.p95_ms,
      windowCalls: row.window_calls,
      lifetimeCalls: row.lifetime_calls,
      rowsTotal: row.rows_total,
      firstSeen: row.first_seen.toISOString(),
      lastSeen: row.last_seen.toISOString(),
    }));
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? [last.totalMs, last.fingerprint] : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
