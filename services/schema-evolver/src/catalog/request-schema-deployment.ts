import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DeploymentEvent, DeploymentPolicy } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';

/**
 * Starts a deployment of a schema proposal under the automatic or staged policy: the
 * proposal is approved by the policy and a REQUESTED deployment recorded, in one
 * transaction. Asking again returns the live deployment's REQUESTED event (null once it
 * moved on); a proposal that is not PENDING or APPROVED is a CONFLICT.
 */
export async function requestSchemaDeployment(pool: pg.Pool, proposalId: string, policy: Exclude<DeploymentPolicy, 'MANUAL'>): Promise<DeploymentEvent | null> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<{ status: string; record: { up: string[] } }>('SELECT status, record FROM shadowtune.proposals WHERE proposal_id = $1 FOR UPDATE', [proposalId]);
    const proposal = found.rows[0];
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${proposalId} does not exist`, { context: { proposalId } });
    const live = await client.query<{ deployment_id: string; step: string; policy: DeploymentPolicy; reason: string | null; created_at: Date }>(
      `SELECT deployment_id, step, policy, reason, created_at FROM shadowtune.deployments
        WHERE proposal_id = $1 AND step IN ('REQUESTED', 'APPLIED', 'VERIFIED', 'ROLLBACK_REQUESTED')`,
      [proposalId],
    );
    const existing = live.rows[0];
    if (existing) {
      if (existing.step !== 'REQUESTED') return null;
      return requested(existing.deployment_id, proposalId, existing.policy, proposal.record.up, existing.reason, existing.created_at);
    }
    if (proposal.status !== 'PENDING' && proposal.status !== 'APPROVED') {
      throw new ShadowtuneError('CONFLICT', `proposal ${proposalId} is ${proposal.status} and cannot be deployed`, { context: { proposalId, status: proposal.status } });
    }
    const reason = policy === 'AUTOMATIC' ? 'approved by the automatic deployment policy' : 'approved by the staged (ab) deployment policy: expand, watch, switch, watch';
    await client.query(
      `UPDATE shadowtune.proposals SET status = 'APPROVED', decided_by = 'policy', decision_reason = $2, decided_at = now(), updated_at = now() WHERE proposal_id = $1 AND status = 'PENDING'`,
      [proposalId, reason],
    );
    const deploymentId = randomUUID();
    const inserted = await client.query<{ created_at: Date }>(
      `INSERT INTO shadowtune.deployments (deployment_id, proposal_id, proposal_kind, step, policy, statements, reason) VALUES ($1, $2, 'SCHEMA', 'REQUESTED', $3, $4, $5) RETURNING created_at`,
      [deploymentId, proposalId, policy, JSON.stringify(proposal.record.up), reason],
    );
    const at = inserted.rows[0]!.created_at;
    await client.query(`INSERT INTO shadowtune.deployment_steps (deployment_id, step, at, reason, statements) VALUES ($1, 'REQUESTED', $2, $3, $4)`, [
      deploymentId,
      at,
      reason,
      JSON.stringify(proposal.record.up),
    ]);
    return requested(deploymentId, proposalId, policy, proposal.record.up, reason, at);
  });
}

function requested(deploymentId: string, proposalId: string, policy: DeploymentPolicy, statements: readonly string[], reason: string | null, at: Date): DeploymentEvent {
  return { deploymentId, proposalId, proposalKind: 'SCHEMA', step: 'REQUESTED', policy, statements: [...statements], reason, trafficShare: null, at: at.getTime() };
}
