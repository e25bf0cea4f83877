import type { FingerprintStats } from '../stats/fingerprint-stats.js';
import type { StatsSummary } from '../stats/stats-summary.js';
import type { SqlQuery } from '../sql-query.js';

export interface StatsRow {
  readonly stats: FingerprintStats;
  readonly summary: StatsSummary;
}

/** Upserts the statistics of many fingerprints in one statement. */
export async function saveFingerprintStats(query: SqlQuery, rows: readonly StatsRow[]): Promise<void> {
  if (rows.length === 0) return;
  await query(
    `INSERT INTO shadowtune.signature_stats
       (fingerprint, first_seen, last_seen, lifetime_calls, window_calls, mean_ms, p95_ms, total_ms, rows_total, state, updated_at)
     SELECT r.fingerprint, to_timestamp(r.first_seen / 1000.0), to_timestamp(r.last_seen / 1000.0), r.lifetime_calls, r.window_calls,
            r.mean_ms, r.p95_ms, r.total_ms, r.rows_total, r.state, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(fingerprint text, first_seen float8, last_seen float8, lifetime_calls float8, window_calls float8,
                                            mean_ms float8, p95_ms float8, total_ms float8, rows_total float8, state jsonb)
     ON CONFLICT (fingerprint) DO UPDATE SET
       first_seen = LEAST(shadowtune.signature_stats.first_seen, EXCLUDED.first_seen), last_seen = EXCLUDED.last_seen,
       lifetime_calls = EXCLUDED.lifetime_calls, window_calls = EXCLUDED.window_calls, mean_ms = EXCLUDED.mean_ms,
       p95_ms = EXCLUDED.p95_ms, total_ms = EXCLUDED.total_ms, rows_total = EXCLUDED.rows_total,
       state = EXCLUDED.state, updated_at = now()`,
    [
      JSON.stringify(
        rows.map(({ stats, summary }) => ({
          fingerprint: stats.fingerprint,
          first_seen: stats.firstSeen,
          last_seen: stats.lastSeen,
          lifetime_calls: stats.lifetimeCalls,
          window_calls: summary.weightedCalls,
          mean_ms: summary.meanMs,
          p95_ms: summary.p95Ms,
          total_ms: summary.totalMs,
          rows_total: summary.rows,
          state: stats,
        })),
      ),
    ],
  );
}
