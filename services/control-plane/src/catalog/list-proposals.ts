import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { proposalSummaryOf, type ProposalRow, type ProposalSummary } from './catalog-records.js';

/** Proposals newest first, optionally of one status (keyset on created_at, proposal_id). */
export async function listProposals(
  db: pg.Pool,
  options: { readonly limit: number; readonly after?: readonly [string, string] | null; readonly status?: string | null },
): Promise<{ readonly items: readonly ProposalSummary[]; readonly next: readonly [string, string] | null }> {
  try {
    const result = await db.query<ProposalRow>(
      `SELECT * FROM shadowtune.proposals
        WHERE ($1::timestamptz IS NULL OR (created_at, proposal_id) < ($1::timestamptz, $2::text)) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, proposal_id DESC LIMIT $4`,
      [options.after?.[0] ?? null, options.after?.[1] ?? null, options.status ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map(proposalSummaryOf);
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? [last.createdAt, last.proposalId] : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
