import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/** Notes that the proposal's event went out on schema.proposals (it is not published again). */
export async function markProposalPublished(pool: pg.Pool, proposalId: string): Promise<void> {
  try {
    await pool.query('UPDATE shadowtune.evolver_proposals SET published_at = now() WHERE proposal_id = $1 AND published_at IS NULL', [proposalId]);
  } catch (error) {
    throw toDatabaseError(error);
  }
}
