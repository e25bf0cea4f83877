import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SchemaSnapshot } from '../deploy/schema-snapshot.js';
import type { SchemaDeploymentState } from './schema-deployment-state.js';

/** Updates the evolver's state of a deployment (only the given fields; the row is created on first use). */
export async function saveSchemaDeploymentState(
  pool: pg.Pool,
  deploymentId: string,
  proposalId: string,
  policy: string,
  fields: {
    readonly stage?: SchemaDeploymentState['stage'];
    readonly snapshotBefore?: SchemaSnapshot;
    readonly versionBefore?: string;
    readonly appliedAt?: Date;
    readonly watchVerdict?: NonNullable<SchemaDeploymentState['watchVerdict']>;
    readonly watchFigures?: unknown;
    readonly rollbackDiff?: unknown;
  },
): Promise<void> {
  try {
    await pool.query(
      `INSERT INTO shadowtune.evolver_deployments AS e (deployment_id, proposal_id, policy, stage, snapshot_before, version_before, applied_at, watch_verdict, watch_figures, rollback_diff)
       VALUES ($1, $2, $3, coalesce($4, 'requested'), $5, $6, $7, $8, $9, $10)
       ON CONFLICT (deployment_id) DO UPDATE SET
         stage = coalesce($4, e.stage),
         snapshot_before = coalesce(e.snapshot_before, $5),
         version_before = coalesce(e.version_before, $6),
         applied_at = coalesce($7, e.applied_at),
         watch_verdict = coalesce($8, e.watch_verdict),
         watch_figures = coalesce($9, e.watch_figures),
         rollback_diff = coalesce($10, e.rollback_diff),
         updated_at = now()`,
      [
        deploymentId,
        proposalId,
        policy,
        fields.stage ?? null,
        fields.snapshotBefore === undefined ? null : JSON.stringify(fields.snapshotBefore),
        fields.versionBefore ?? null,
        fields.appliedAt ?? null,
        fields.watchVerdict ?? null,
        fields.watchFigures === undefined ? null : JSON.stringify(fields.watchFigures),
        fields.rollbackDiff === undefined ? null : JSON.stringify(fields.rollbackDiff),
      ],
    );
  } catch (error) {
    throw toDatabaseError(error);
  }
}
