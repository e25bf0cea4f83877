import type { SilenceReason } from '../silence-reason.js';
import type { SqlQuery } from '../sql-query.js';
import type { ExaminationRecord, ExaminationTrigger } from './examination-record.js';

export interface ListExaminationsFilter {
  readonly outcome?: 'finding' | 'no_finding';
  readonly reasonCode?: SilenceReason;
  readonly limit?: number;
}

interface Row {
  fingerprint: string;
  normalized_sql: string;
  statement_kind: string;
  examined_ms: string;
  trigger: ExaminationTrigger;
  outcome: 'finding' | 'no_finding';
  reason_code: SilenceReason | null;
  reason_detail: string | null;
  patterns: string[];
  finding_id: string | null;
  schema_version: string | null;
}

/** The latest examination of each fingerprint, newest first, optionally by outcome or reason. */
export async function listExaminations(query: SqlQuery, filter: ListExaminationsFilter = {}): Promise<ExaminationRecord[]> {
  const result = await query<Row>(
    `SELECT fingerprint, normalized_sql, statement_kind, (extract(epoch FROM examined_at) * 1000)::bigint::text AS examined_ms, trigger,
            outcome, reason_code, reason_detail, patterns, finding_id, schema_version
     FROM shadowtune.signature_examinations
     WHERE ($1::text IS NULL OR outcome = $1) AND ($2::text IS NULL OR reason_code = $2)
     ORDER BY examined_at DESC, fingerprint
     LIMIT $3`,
    [filter.outcome ?? null, filter.reasonCode ?? null, filter.limit ?? 1000],
  );
  return result.rows.map((row) => ({
    fingerprint: row.fingerprint,
    normalizedSql: row.normalized_sql,
    statementKind: row.statement_kind,
    examinedAt: Number(row.examined_ms),
    trigger: row.trigger,
    outcome: row.outcome,
    reasonCode: row.reason_code,
    reasonDetail: row.reason_detail,
    patterns: row.patterns,
    findingId: row.finding_id,
    schemaVersion: row.schema_version,
  }));
}
