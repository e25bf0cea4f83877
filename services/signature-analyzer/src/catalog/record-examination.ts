import type { SqlQuery } from '../sql-query.js';
import type { ExaminationRecord } from './examination-record.js';

/** Upserts the latest examination of a fingerprint (and counts examinations). */
export async function recordExamination(query: SqlQuery, record: ExaminationRecord): Promise<void> {
  await query(
    `INSERT INTO shadowtune.signature_examinations
       (fingerprint, normalized_sql, statement_kind, examined_at, trigger, outcome, reason_code, reason_detail, patterns, finding_id, schema_version)
     VALUES ($1, $2, $3, to_timestamp($4 / 1000.0), $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (fingerprint) DO UPDATE SET
       normalized_sql = EXCLUDED.normalized_sql, statement_kind = EXCLUDED.statement_kind, examined_at = EXCLUDED.examined_at,
       trigger = EXCLUDED.trigger, outcome = EXCLUDED.outcome, reason_code = EXCLUDED.reason_code, reason_detail = EXCLUDED.reason_detail,
       patterns = EXCLUDED.patterns, finding_id = EXCLUDED.finding_id, schema_version = EXCLUDED.schema_version,
       examinations = shadowtune.signature_examinations.examinations + 1`,
    [
      record.fingerprint,
      record.normalizedSql,
      record.statementKind,
      record.examinedAt,
      record.trigger,
      record.outcome,
      record.reasonCode,
      record.reasonDetail,
      record.patterns,
      record.findingId,
      record.schemaVersion,
    ],
  );
}
