import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SchemaDeploymentState } from './schema-deployment-state.js';

/** A deployment of a schema proposal with the evolver's state of it; null when unknown. */
export async function loadSchemaDeployment(db: pg.Pool | pg.ClientBase, deploymentId: string): Promise<SchemaDeploymentState | null> {
  try {
    const result = await db.query(
      `SELECT d.deployment_id, d.proposal_id, d.step, d.policy, coalesce(e.stage, 'requested') AS stage, e.snapshot_before, e.applied_at, e.watch_verdict
         FROM shadowtune.deployments d LEFT JOIN shadowtune.evolver_deployments e USING (deployment_id)
        WHERE d.deployment_id = $1`,
      [deploymentId],
    );
    const row = result.rows[0];
    if (!row) return null;
    return {
      deploymentId: row.deployment_id,
      proposalId: row.proposal_id,
      step: row.step,
      policy: row.policy,
      stage: row.stage,
      snapshotBefore: row.snapshot_before,
      appliedAt: row.applied_at,
      watchVerdict: row.watch_verdict,
    };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
