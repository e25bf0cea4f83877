import type pg from 'pg';
import type { SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import type { MigrationPlan } from '../migration/migration-plan.js';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';

export interface RecordedProposal {
  /** false when a proposal with this id existed (redelivery, repeated analysis). */
  readonly created: boolean;
  /** Its status in the catalog now (a rejected or rolled-back change is not proposed again). */
  readonly status: string;
  readonly publishedAt: Date | null;
}

/**
 * Records a schema proposal in the shared catalog (shadowtune.proposals, source 'schema',
 * where the control plane lists and approves it) with the evolver's structured change,
 * migration and A/B result, in one transaction. Idempotent by proposal id.
 */
export async function recordProposal(
  pool: pg.Pool,
  proposal: {
    readonly record: SchemaChangeProposal;
    readonly spec: SchemaChangeSpec;
    readonly plan: MigrationPlan;
    readonly fingerprints: readonly string[];
    readonly baseStructure: string;
    readonly abResult: unknown;
  },
): Promise<RecordedProposal> {
  const { record } = proposal;
  return inTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO shadowtune.proposals (proposal_id, source, kind, status, rationale, record, created_at)
       VALUES ($1, 'schema', $2, 'PENDING', $3, $4, $5) ON CONFLICT (proposal_id) DO NOTHING`,
      [record.proposalId, record.changeType, record.rationale, JSON.stringify(record), new Date(record.createdAt)],
    );
    await client.query(
      `INSERT INTO shadowtune.evolver_proposals (proposal_id, change_type, table_name, spec, migration, fingerprints, base_structure, ab_result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (proposal_id) DO NOTHING`,
      [record.proposalId, record.changeType, record.tableName, JSON.stringify(proposal.spec), JSON.stringify(proposal.plan), proposal.fingerprints, proposal.baseStructure, JSON.stringify(proposal.abResult ?? null)],
    );
    const state = await client.query<{ status: string; published_at: Date | null }>(
      `SELECT p.status, e.published_at FROM shadowtune.proposals p JOIN shadowtune.evolver_proposals e USING (proposal_id) WHERE p.proposal_id = $1`,
      [record.proposalId],
    );
    return { created: inserted.rowCount === 1, status: state.rows[0]!.status, publishedAt: state.rows[0]!.published_at };
  });
}
