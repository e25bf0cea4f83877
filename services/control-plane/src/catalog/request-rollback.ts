import type pg from 'pg';
import type { DeploymentEvent, DeploymentPolicy } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import type { ProposalRow } from './catalog-records.js';
import { deploymentRecordOf, type DeploymentRecord, type DeploymentRow } from './catalog-records.js';
import { statementsOfProposal } from './statements-of-proposal.js';

/**
 * Asks for an applied (or verified) deployment to be rolled back: records the
 * ROLLBACK_REQUESTED step with the proposal's rollback statements and returns the event
 * the deployer acts on. Asking again while it is pending returns the same request; a
 * deployment that is not live is a CONFLICT.
 */
export async function requestRollback(
  pool: pg.Pool,
  deploymentId: string,
  request: { readonly reason: string; readonly requestedBy: string | null },
): Promise<{ readonly deployment: DeploymentRecord; readonly event: DeploymentEvent; readonly requestedNow: boolean }> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<DeploymentRow>('SELECT * FROM shadowtune.deployments WHERE deployment_id = $1 FOR UPDATE', [deploymentId]);
    let deployment = found.rows[0];
    if (!deployment) throw new ShadowtuneError('NOT_FOUND', `deployment ${deploymentId} does not exist`, { context: { deploymentId } });
    const proposal = await client.query<ProposalRow>('SELECT * FROM shadowtune.proposals WHERE proposal_id = $1', [deployment.proposal_id]);
    const rollback = proposal.rows[0] ? statementsOfProposal(proposal.rows[0].source, proposal.rows[0].record).rollback : [];
    let requestedNow = false;
    if (deployment.step === 'APPLIED' || deployment.step === 'VERIFIED') {
      requestedNow = true;
      const reason = `rollback requested${request.requestedBy ? ` by ${request.requestedBy}` : ''}: ${request.reason}`;
      const updated = await client.query<DeploymentRow>(
        `UPDATE shadowtune.deployments SET step = 'ROLLBACK_REQUESTED', reason = $2, updated_at = now() WHERE deployment_id = $1 RETURNING *`,
        [deploymentId, reason],
      );
      deployment = updated.rows[0]!;
      await client.query(`INSERT INTO shadowtune.deployment_steps (deployment_id, step, at, reason, statements) VALUES ($1, 'ROLLBACK_REQUESTED', $2, $3, $4)`, [
        deploymentId,
        deployment.updated_at,
        reason,
        JSON.stringify(rollback),
      ]);
    } else if (deployment.step !== 'ROLLBACK_REQUESTED') {
      throw new ShadowtuneError('CONFLICT', `deployment ${deploymentId} is ${deployment.step}; only an applied or verified deployment can be rolled back`, {
        context: { deploymentId, step: deployment.step },
      });
    }
    return {
      deployment: deploymentRecordOf(deployment),
      requestedNow,
      event: {
        deploymentId,
        proposalId: deployment.proposal_id,
        proposalKind: deployment.proposal_kind,
        step: 'ROLLBACK_REQUESTED',
        policy: deployment.policy as DeploymentPolicy,
        statements: rollback,
        reason: deployment.reason,
        trafficShare: deployment.traffic_share,
        at: deployment.updated_at.getTime(),
      },
    };
  });
}
