import type pg from 'pg';
import type { DeploymentEvent, DeploymentPolicy, DeploymentStep } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';

const PROPOSAL_STATUS: Partial<Record<DeploymentStep, string>> = { APPLIED: 'APPLIED', ROLLED_BACK: 'ROLLED_BACK' };

/**
 * Moves a schema deployment to its next step in the shared catalog (current state and
 * history), the proposal's status with it (APPLIED, ROLLED_BACK), and returns the event to
 * publish on `deployments`. `from` guards against a concurrent or repeated move: when the
 * deployment is not in one of those steps nothing changes and null is returned.
 */
export async function advanceSchemaDeployment(
  pool: pg.Pool,
  move: { readonly deploymentId: string; readonly from: readonly DeploymentStep[]; readonly to: DeploymentStep; readonly reason: string; readonly statements: readonly string[] },
): Promise<DeploymentEvent | null> {
  return inTransaction(pool, async (client) => {
    const updated = await client.query<{ proposal_id: string; policy: DeploymentPolicy; updated_at: Date }>(
      `UPDATE shadowtune.deployments SET step = $2, reason = $3, statements = $4, updated_at = clock_timestamp()
        WHERE deployment_id = $1 AND step = ANY($5::text[]) RETURNING proposal_id, policy, updated_at`,
      [move.deploymentId, move.to, move.reason, JSON.stringify(move.statements), move.from],
    );
    const row = updated.rows[0];
    if (!row) {
      const exists = await client.query('SELECT 1 FROM shadowtune.deployments WHERE deployment_id = $1', [move.deploymentId]);
      if (exists.rowCount === 0) throw new ShadowtuneError('NOT_FOUND', `deployment ${move.deploymentId} does not exist`, { context: { deploymentId: move.deploymentId } });
      return null;
    }
    await client.query(`INSERT INTO shadowtune.deployment_steps (deployment_id, step, at, reason, statements) VALUES ($1, $2, $3, $4, $5)`, [
      move.deploymentId,
      move.to,
      row.updated_at,
      move.reason,
      JSON.stringify(move.statements),
    ]);
    const status = PROPOSAL_STATUS[move.to];
    if (status) await client.query('UPDATE shadowtune.proposals SET status = $2, updated_at = now() WHERE proposal_id = $1', [row.proposal_id, status]);
    return {
      deploymentId: move.deploymentId,
      proposalId: row.proposal_id,
      proposalKind: 'SCHEMA',
      step: move.to,
      policy: row.policy,
      statements: [...move.statements],
      reason: move.reason,
      trafficShare: null,
      at: row.updated_at.getTime(),
    };
  });
}
