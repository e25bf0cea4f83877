import type pg from 'pg';
import type { SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { MigrationPlan } from '../migration/migration-plan.js';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';

export interface StoredSchemaProposal {
  readonly record: SchemaChangeProposal;
  readonly status: string;
  readonly spec: SchemaChangeSpec;
  readonly plan: MigrationPlan;
  readonly fingerprints: readonly string[];
  readonly baseStructure: string;
}

/** A schema proposal the evolver recorded, with its structured change and migration; null when unknown. */
export async function loadSchemaProposal(db: pg.Pool | pg.ClientBase, proposalId: string): Promise<StoredSchemaProposal | null> {
  try {
    const result = await db.query<{ record: SchemaChangeProposal; status: string; spec: SchemaChangeSpec; migration: MigrationPlan; fingerprints: string[]; base_structure: string }>(
      `SELECT p.record, p.status, e.spec, e.migration, e.fingerprints, e.base_structure
         FROM shadowtune.proposals p JOIN shadowtune.evolver_proposals e USING (proposal_id) WHERE p.proposal_id = $1`,
      [proposalId],
    );
    const row = result.rows[0];
    if (!row) return null;
    return { record: row.record, status: row.status, spec: row.spec, plan: row.migration, fingerprints: row.fingerprints, baseStructure: row.base_structure };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
