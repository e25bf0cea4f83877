import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/** Indexes of the migration steps a deployment already ran (up) or undid (down). */
export async function loadStepProgress(pool: pg.Pool, deploymentId: string, direction: 'up' | 'down'): Promise<Set<number>> {
  try {
    const result = await pool.query<{ step_index: number }>('SELECT step_index FROM shadowtune.evolver_deployment_progress WHERE deployment_id = $1 AND direction = $2', [deploymentId, direction]);
    return new Set(result.rows.map((r) => r.step_index));
  } catch (error) {
    throw toDatabaseError(error);
  }
}
