import type pg from 'pg';
import type { Evidence, ProposalStatus, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { runQuery } from './run-query.js';

/** Statuses a proposal keeps when the same change is proposed again. */
const SETTLED: ReadonlySet<ProposalStatus> = new Set(['APPROVED', 'APPLIED', 'REJECTED', 'ROLLED_BACK']);

export interface ProposalStore {
  get(proposalId: string): Promise<RewriteProposal | null>;
  /**
   * Stores a proposal; when the same change was proposed before (same id) the two are
   * merged — statements served, findings and evidence (newest per fingerprint and class)
   * — and a decided status is kept. Returns the stored record.
   */
  upsert(proposal: RewriteProposal): Promise<RewriteProposal>;
  setStatus(proposalId: string, status: ProposalStatus, decision?: { by: string | null; reason: string | null }): Promise<RewriteProposal>;
  list(filter?: { status?: ProposalStatus }): Promise<RewriteProposal[]>;
  /** Proposals on any of these tables (schema.table) that are not rejected or rolled back. */
  activeOnTables(tables: readonly string[]): Promise<RewriteProposal[]>;
  /** Fingerprints of proposals whose production latency is worth recording (not rejected). */
  watchedFingerprints(): Promise<Set<string>>;
}

function mergeEvidence(older: readonly Evidence[], newer: readonly Evidence[]): Evidence[] {
  const key = (e: Evidence) => `${e.fingerprint}\u0000${e.parameterClass}`;
  const merged = new Map(older.map((e) => [key(e), e]));
  for (const e of newer) merged.set(key(e), e);
  return [...merged.values()];
}

export function proposalStore(db: pg.Pool): ProposalStore {
  const store: ProposalStore = {
    async get(proposalId) {
      const row = (await runQuery(db, 'SELECT record, status FROM shadowtune.proposals WHERE proposal_id = $1', [proposalId])).rows[0];
      return row ? { ...(row.record as RewriteProposal), status: row.status as ProposalStatus } : null;
    },
    async upsert(proposal) {
      const client = await db.connect();
      try {
        await runQuery(client, 'BEGIN');
        const row = (await runQuery(client, 'SELECT record, status FROM shadowtune.proposals WHERE proposal_id = $1 FOR UPDATE', [proposal.proposalId])).rows[0];
        let record = proposal;
        if (row) {
          const old = { ...(row.record as RewriteProposal), status: row.status as ProposalStatus };
          record = {
            ...proposal,
            status: SETTLED.has(old.status) ? old.status : proposal.status,
            fingerprints: [...new Set([...old.fingerprints, ...proposal.fingerprints])],
            findingIds: [...new Set([...old.findingIds, ...proposal.findingIds])],
            tables: [...new Set([...old.tables, ...proposal.tables])],
            replaces: [...new Set([...old.replaces, ...proposal.replaces])],
            evidence: mergeEvidence(old.evidence, proposal.evidence),
            createdAt: old.createdAt,
          };
        }
        await runQuery(
          client,
          `INSERT INTO shadowtune.proposals (proposal_id, source, kind, status, rationale, record, created_at, updated_at)
           VALUES ($1, 'rewrite', $2, $3, $4, $5, to_timestamp($6 / 1000.0), now())
           ON CONFLICT (proposal_id) DO UPDATE SET status = EXCLUDED.status, rationale = EXCLUDED.rationale, record = EXCLUDED.record, updated_at = now()`,
          [record.proposalId, record.kind, record.status, record.rationale, JSON.stringify(record), record.createdAt],
        );
        await runQuery(client, 'COMMIT');
        return record;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async setStatus(proposalId, status, decision) {
      const decided = status === 'APPROVED' || status === 'REJECTED';
      const result = await runQuery(
        db,
        `UPDATE shadowtune.proposals SET status = $2, record = jsonb_set(record, '{status}', to_jsonb($2::text)), updated_at = now(),
           decided_by = CASE WHEN $3 THEN $4 ELSE decided_by END, decision_reason = CASE WHEN $3 THEN $5 ELSE decision_reason END,
           decided_at = CASE WHEN $3 THEN now() ELSE decided_at END
         WHERE proposal_id = $1 RETURNING record`,
        [proposalId, status, decided, decision?.by ?? null, decision?.reason ?? null],
      );
      const row = result.rows[0];
      if (!row) throw new ShadowtuneError('NOT_FOUND', `no proposal ${proposalId}`, { context: { proposalId } });
      return row.record as RewriteProposal;
    },
    async list(filter = {}) {
      const rows = (await runQuery(db, `SELECT record, status FROM shadowtune.proposals WHERE source = 'rewrite' AND ($1::text IS NULL OR status = $1) ORDER BY created_at, proposal_id`, [filter.status ?? null])).rows;
      return rows.map((r) => ({ ...(r.record as RewriteProposal), status: r.status as ProposalStatus }));
    },
    async activeOnTables(tables) {
      const rows = (
        await runQuery(
          db,
          `SELECT record, status FROM shadowtune.proposals WHERE source = 'rewrite' AND status NOT IN ('REJECTED', 'ROLLED_BACK')
             AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(record->'tables') t WHERE t = ANY ($1::text[]))`,
          [[...tables]],
        )
      ).rows;
      return rows.map((r) => ({ ...(r.record as RewriteProposal), status: r.status as ProposalStatus }));
    },
    async watchedFingerprints() {
      const rows = (await runQuery(db, `SELECT DISTINCT jsonb_array_elements_text(record->'fingerprints') AS f FROM shadowtune.proposals WHERE source = 'rewrite' AND status IN ('PENDING', 'APPROVED', 'APPLIED')`)).rows;
      return new Set(rows.map((r) => String(r.f)));
    },
  };
  return store;
}
