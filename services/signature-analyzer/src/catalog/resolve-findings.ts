import type { SqlQuery } from '../sql-query.js';

/**
 * Marks the open findings of a fingerprint resolved — all of them, or all but the one
 * still current (its pattern set changed, so it has another findingId). Returns their ids.
 */
export async function resolveFindings(query: SqlQuery, fingerprint: string, currentFindingId: string | null): Promise<string[]> {
  const result = await query<{ finding_id: string }>(
    `UPDATE shadowtune.analyzer_findings SET status = 'resolved', updated_at = now()
     WHERE fingerprint = $1 AND status = 'open' AND ($2::text IS NULL OR finding_id <> $2)
     RETURNING finding_id`,
    [fingerprint, currentFindingId],
  );
  return result.rows.map((row) => row.finding_id);
}
