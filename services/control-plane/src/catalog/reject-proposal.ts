import type pg from 'pg';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import { proposalSummaryOf, type ProposalRow, type ProposalSummary } from './catalog-records.js';

/** Rejects a PENDING proposal with a reason; rejecting a rejected one returns it unchanged; any other status is a CONFLICT. */
export async function rejectProposal(pool: pg.Pool, proposalId: string, decision: { readonly decidedBy: string | null; readonly reason: string }): Promise<ProposalSummary> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<ProposalRow>('SELECT * FROM shadowtune.proposals WHERE proposal_id = $1 FOR UPDATE', [proposalId]);
    const proposal = found.rows[0];
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${proposalId} does not exist`, { context: { proposalId } });
    if (proposal.status === 'REJECTED') return proposalSummaryOf(proposal);
    if (proposal.status !== 'PENDING') {
      throw new ShadowtuneError('CONFLICT', `proposal ${proposalId} is ${proposal.status} and cannot be rejected`, { context: { proposalId, status: proposal.status } });
    }
    const updated = await client.query<ProposalRow>(
      `UPDATE shadowtune.proposals SET status = 'REJECTED', decided_by = $2, decision_reason = $3, decided_at = now(), updated_at = now()
        WHERE proposal_id = $1 RETURNING *`,
      [proposalId, decision.decidedBy, decision.reason],
    );
    return proposalSummaryOf(updated.rows[0]!);
  });
}
