import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { deploymentRecordOf, type DeploymentDetail, type DeploymentRow } from './catalog-records.js';

/** A deployment with its step history; null when unknown. */
export async function getDeployment(db: pg.Pool | pg.ClientBase, deploymentId: string): Promise<DeploymentDetail | null> {
  try {
    const found = await db.query<DeploymentRow>('SELECT * FROM shadowtune.deployments WHERE deployment_id = $1', [deploymentId]);
    const row = found.rows[0];
    if (!row) return null;
    const steps = await db.query<{ step: string; at: Date; reason: string | null; statements: string[] }>(
      'SELECT step, at, reason, statements FROM shadowtune.deployment_steps WHERE deployment_id = $1 ORDER BY at, step',
      [deploymentId],
    );
    return { ...deploymentRecordOf(row), steps: steps.rows.map((s) => ({ step: s.step, at: s.at.toISOString(), reason: s.reason, statements: s.statements })) };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
