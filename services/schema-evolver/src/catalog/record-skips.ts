import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SkippedCandidate } from '../proposals/schema-change-candidate.js';

/** Records why each candidate of one analysis was not proposed (the same analysis again overwrites nothing). */
export async function recordSkips(pool: pg.Pool, analysisId: string, skipped: readonly SkippedCandidate[]): Promise<void> {
  if (skipped.length === 0) return;
  try {
    await pool.query(
      `INSERT INTO shadowtune.evolver_skips (analysis_id, change_type, table_name, column_name, reason_code, detail, evidence)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[]) ON CONFLICT DO NOTHING`,
      [
        analysisId,
        skipped.map((s) => s.changeType),
        skipped.map((s) => s.tableName),
        skipped.map((s) => s.columnName ?? ''),
        skipped.map((s) => s.reasonCode),
        skipped.map((s) => s.detail),
        skipped.map((s) => JSON.stringify(s.evidence)),
      ],
    );
  } catch (error) {
    throw toDatabaseError(error);
  }
}
