import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import { deploymentRecordOf, type DeploymentRow, type ProposalRow } from './catalog-records.js';
import { statementsOfProposal } from './statements-of-proposal.js';

export interface ApprovedProposal {
  readonly deployment: ReturnType<typeof deploymentRecordOf>;
  /** The REQUESTED event to publish on `deployments` (again, when the approval is repeated). */
  readonly event: DeploymentEvent;
  /** false when the proposal was already approved: the same deployment is returned. */
  readonly approvedNow: boolean;
}

/**
 * Approves a PENDING proposal: records the decision and a REQUESTED deployment (manual
 * policy) in one transaction. Approving again returns the same live deployment, so a
 * client or an event publish that failed can simply retry. Anything but PENDING or
 * APPROVED-and-still-requested is a CONFLICT (advisory, rejected, applied, rolled back).
 */
export async function approveProposal(pool: pg.Pool, proposalId: string, decision: { readonly decidedBy: string | null; readonly reason: string | null }): Promise<ApprovedProposal> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<ProposalRow>('SELECT * FROM shadowtune.proposals WHERE proposal_id = $1 FOR UPDATE', [proposalId]);
    const proposal = found.rows[0];
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${proposalId} does not exist`, { context: { proposalId } });
    let deployment: DeploymentRow | undefined;
    let approvedNow = false;
    if (proposal.status === 'APPROVED') {
      const live = await client.query<DeploymentRow>(`SELECT * FROM shadowtune.deployments WHERE proposal_id = $1 AND step = 'REQUESTED'`, [proposalId]);
      deployment = live.rows[0];
      if (!deployment) throw new ShadowtuneError('CONFLICT', `proposal ${proposalId} was approved and its deployment has moved on`, { context: { proposalId } });
    } else if (proposal.status === 'PENDING') {
      approvedNow = true;
      const reason = `approved${decision.decidedBy ? ` by ${decision.decidedBy}` : ''}${decision.reason ? `: ${decision.reason}` : ''}`;
      await client.query(
        `UPDATE shadowtune.proposals SET status = 'APPROVED', decided_by = $2, decision_reason = $3, decided_at = now(), updated_at = now() WHERE proposal_id = $1`,
        [proposalId, decision.decidedBy, decision.reason],
      );
      const kind = proposal.source === 'schema' ? 'SCHEMA' : proposal.kind;
      const statements = statementsOfProposal(proposal.source, proposal.record).apply;
      const inserted = await client.query<DeploymentRow>(
        `INSERT INTO shadowtune.deployments (deployment_id, proposal_id, proposal_kind, step, policy, statements, reason)
         VALUES ($1, $2, $3, 'REQUESTED', 'MANUAL', $4, $5) RETURNING *`,
        [randomUUID(), proposalId, kind, JSON.stringify(statements), reason],
      );
      deployment = inserted.rows[0]!;
      await client.query(
        `INSERT INTO shadowtune.deployment_steps (deployment_id, step, at, reason, statements) VALUES ($1, 'REQUESTED', $2, $3, $4)`,
        [deployment.deployment_id, deployment.created_at, reason, JSON.stringify(statements)],
      );
    } else {
      throw new ShadowtuneError('CONFLICT', `proposal ${proposalId} is ${proposal.status} and cannot be approved`, { context: { proposalId, status: proposal.status } });
    }
    const record = deploymentRecordOf(deployment);
    return {
      deployment: record,
      approvedNow,
      event: {
        deploymentId: record.deploymentId,
        proposalId,
        proposalKind: record.proposalKind,
        step: 'REQUESTED',
        policy: 'MANUAL',
        statements: [...record.statements],
        reason: record.reason,
        trafficShare: null,
        at: deployment.created_at.getTime(),
      },
    };
  });
}
