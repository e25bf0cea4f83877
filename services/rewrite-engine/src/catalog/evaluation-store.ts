import type pg from 'pg';
import type { EvaluationCandidate } from '../evaluate/evaluation-candidate.js';
import { runQuery } from './run-query.js';

export interface StoredEvaluation {
  readonly requestId: string;
  readonly fingerprint: string;
  readonly datasetId: string | null;
  readonly findingIds: readonly string[];
  readonly candidates: readonly EvaluationCandidate[];
  readonly status: 'requested' | 'judged';
}

export interface CandidateOutcomeRow {
  readonly requestId: string;
  readonly candidateId: string;
  readonly fingerprint: string;
  readonly kind: string;
  readonly sql: string;
  readonly rollbackSql: string | null;
  readonly outcome: 'proposed' | 'rejected' | 'advisory' | 'skipped';
  readonly reasonCode: string | null;
  readonly reasonDetail: string | null;
  readonly figures: Readonly<Record<string, unknown>>;
  readonly proposalId: string | null;
}

export interface EvaluationStore {
  /** Records a request; false when it was already recorded (a redelivered baseline). */
  create(evaluation: Omit<StoredEvaluation, 'status'>): Promise<boolean>;
  get(requestId: string): Promise<StoredEvaluation | null>;
  markJudged(requestId: string): Promise<void>;
  /** Whether a dataset already got its evaluation for this fingerprint. */
  forDataset(datasetId: string, fingerprint: string): Promise<StoredEvaluation | null>;
  recordCandidate(row: CandidateOutcomeRow): Promise<void>;
  candidatesOf(fingerprint: string): Promise<CandidateOutcomeRow[]>;
}

function rowToEvaluation(row: Record<string, unknown>): StoredEvaluation {
  return {
    requestId: String(row.request_id),
    fingerprint: String(row.fingerprint),
    datasetId: (row.dataset_id as string | null) ?? null,
    findingIds: row.finding_ids as string[],
    candidates: row.candidates as EvaluationCandidate[],
    status: row.status as 'requested' | 'judged',
  };
}

export function evaluationStore(db: pg.Pool): EvaluationStore {
  const select = 'SELECT request_id, fingerprint, dataset_id, finding_ids, candidates, status FROM shadowtune.rewrite_evaluations';
  return {
    async create(evaluation) {
      const result = await runQuery(
        db,
        `INSERT INTO shadowtune.rewrite_evaluations (request_id, fingerprint, dataset_id, finding_ids, candidates) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING`,
        [evaluation.requestId, evaluation.fingerprint, evaluation.datasetId, [...evaluation.findingIds], JSON.stringify(evaluation.candidates)],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async get(requestId) {
      const row = (await runQuery(db, `${select} WHERE request_id = $1`, [requestId])).rows[0];
      return row ? rowToEvaluation(row) : null;
    },
    async markJudged(requestId) {
      await runQuery(db, `UPDATE shadowtune.rewrite_evaluations SET status = 'judged', judged_at = now() WHERE request_id = $1`, [requestId]);
    },
    async forDataset(datasetId, fingerprint) {
      const row = (await runQuery(db, `${select} WHERE dataset_id = $1 AND fingerprint = $2 ORDER BY created_at DESC LIMIT 1`, [datasetId, fingerprint])).rows[0];
      return row ? rowToEvaluation(row) : null;
    },
    async recordCandidate(row) {
      await runQuery(
        db,
        `INSERT INTO shadowtune.rewrite_candidates (request_id, candidate_id, fingerprint, kind, sql, rollback_sql, outcome, reason_code, reason_detail, figures, proposal_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (request_id, candidate_id) DO UPDATE SET outcome = EXCLUDED.outcome, reason_code = EXCLUDED.reason_code, reason_detail = EXCLUDED.reason_detail,
           figures = EXCLUDED.figures, proposal_id = EXCLUDED.proposal_id`,
        [row.requestId, row.candidateId, row.fingerprint, row.kind, row.sql, row.rollbackSql, row.outcome, row.reasonCode, row.reasonDetail, JSON.stringify(row.figures), row.proposalId],
      );
    },
    async candidatesOf(fingerprint) {
      const rows = (await runQuery(db, 'SELECT * FROM shadowtune.rewrite_candidates WHERE fingerprint = $1 ORDER BY created_at, candidate_id', [fingerprint])).rows;
      return rows.map((r) => ({
        requestId: String(r.request_id),
        candidateId: String(r.candidate_id),
        fingerprint: String(r.fingerprint),
        kind: String(r.kind),
        sql: String(r.sql),
        rollbackSql: (r.rollback_sql as string | null) ?? null,
        outcome: r.outcome as CandidateOutcomeRow['outcome'],
        reasonCode: (r.reason_code as string | null) ?? null,
        reasonDetail: (r.reason_detail as string | null) ?? null,
        figures: r.figures as Record<string, unknown>,
        proposalId: (r.proposal_id as string | null) ?? null,
      }));
    },
  };
}
