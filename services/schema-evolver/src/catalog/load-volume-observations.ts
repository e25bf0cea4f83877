import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { VolumeObservation } from '../analysis/data-analysis-results.js';

/**
 * Volume observations of one table since `since`: sampled statistics as they are, and
 * CDC net changes turned into sizes by anchoring them on the latest statistics sample
 * (rows at t = latest rows − net changes after t).
 */
export async function loadVolumeObservations(pool: pg.Pool, table: { readonly schema: string; readonly name: string }, since: Date): Promise<VolumeObservation[]> {
  let rows: { sampled_at: Date; source: 'statistics' | 'cdc'; row_count: number; total_bytes: number | null }[];
  try {
    const result = await pool.query(
      `SELECT sampled_at, source, row_count, total_bytes FROM shadowtune.evolver_volume_samples
        WHERE schema_name = $1 AND table_name = $2 AND sampled_at >= $3 ORDER BY sampled_at`,
      [table.schema, table.name, since],
    );
    rows = result.rows;
  } catch (error) {
    throw toDatabaseError(error);
  }
  const statistics = rows.filter((r) => r.source === 'statistics');
  const out: VolumeObservation[] = statistics.map((r) => ({ table, at: r.sampled_at.getTime(), rows: Number(r.row_count), bytes: r.total_bytes === null ? null : Number(r.total_bytes), source: 'statistics' }));
  const cdc = rows.filter((r) => r.source === 'cdc');
  const anchor = statistics[statistics.length - 1];
  if (cdc.length > 0 && anchor) {
    const after = cdc.filter((r) => r.sampled_at > anchor.sampled_at).reduce((sum, r) => sum + Number(r.row_count), 0);
    let rowsAt = Number(anchor.row_count) + after;
    for (let i = cdc.length - 1; i >= 0; i -= 1) {
      const bucket = cdc[i]!;
      out.push({ table, at: bucket.sampled_at.getTime(), rows: rowsAt, bytes: null, source: 'cdc' });
      rowsAt -= Number(bucket.row_count);
    }
  }
  return out;
}
