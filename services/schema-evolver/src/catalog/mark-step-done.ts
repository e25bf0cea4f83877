import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/** Notes that a migration step of a deployment was run (up) or undone (down). */
export async function markStepDone(pool: pg.Pool, deploymentId: string, direction: 'up' | 'down', stepIndex: number): Promise<void> {
  try {
    await pool.query('INSERT INTO shadowtune.evolver_deployment_progress (deployment_id, direction, step_index) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [deploymentId, direction, stepIndex]);
  } catch (error) {
    throw toDatabaseError(error);
  }
}
