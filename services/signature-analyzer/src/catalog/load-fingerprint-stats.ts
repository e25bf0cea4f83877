import type { FingerprintStats } from '../stats/fingerprint-stats.js';
import type { SqlQuery } from '../sql-query.js';

/** The persisted statistics of one fingerprint, or null when it was never seen. */
export async function loadFingerprintStats(query: SqlQuery, fingerprint: string): Promise<FingerprintStats | null> {
  const result = await query<{ state: FingerprintStats }>('SELECT state FROM shadowtune.signature_stats WHERE fingerprint = $1', [fingerprint]);
  return result.rows[0]?.state ?? null;
}
