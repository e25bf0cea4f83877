import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { deploymentRecordOf, proposalSummaryOf, type DeploymentRow, type ProposalDetail, type ProposalRow } from './catalog-records.js';

/** A proposal with its evidence (the published record) and its deployments; null when unknown. */
export async function getProposal(db: pg.Pool | pg.ClientBase, proposalId: string): Promise<ProposalDetail | null> {
  try {
    const proposal = await db.query<ProposalRow>('SELECT * FROM shadowtune.proposals WHERE proposal_id = $1', [proposalId]);
    const row = proposal.rows[0];
    if (!row) return null;
    const deployments = await db.query<DeploymentRow>('SELECT * FROM shadowtune.deployments WHERE proposal_id = $1 ORDER BY created_at', [proposalId]);
    return { ...proposalSummaryOf(row), record: row.record, deployments: deployments.rows.map(deploymentRecordOf) };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
