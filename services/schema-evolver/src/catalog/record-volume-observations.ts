import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { VolumeObservation } from '../analysis/data-analysis-results.js';

/** Stores sampled table volumes (statistics or CDC); the same table, source and time twice is kept once. */
export async function recordVolumeObservations(pool: pg.Pool, observations: readonly VolumeObservation[]): Promise<void> {
  if (observations.length === 0) return;
  try {
    await pool.query(
      `INSERT INTO shadowtune.evolver_volume_samples (schema_name, table_name, sampled_at, source, row_count, total_bytes)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::float8[], $6::float8[])
       ON CONFLICT (schema_name, table_name, source, sampled_at) DO UPDATE SET row_count = shadowtune.evolver_volume_samples.row_count + EXCLUDED.row_count
         WHERE EXCLUDED.source = 'cdc'`,
      [
        observations.map((o) => o.table.schema),
        observations.map((o) => o.table.name),
        observations.map((o) => new Date(o.at)),
        observations.map((o) => o.source),
        observations.map((o) => o.rows),
        observations.map((o) => o.bytes),
      ],
    );
  } catch (error) {
    throw toDatabaseError(error);
  }
}
