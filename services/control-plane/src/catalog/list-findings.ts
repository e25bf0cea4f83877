import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { FindingDetail, FindingSummary } from './catalog-records.js';
import type { JsonValue } from '@shadowtune/shared/workflows/workflow-records';

export interface FindingRow {
  readonly finding_id: string;
  readonly fingerprint: string;
  readonly patterns: string[];
  readonly severity: string;
  readonly revision: number;
  readonly status: string;
  readonly normalized_sql: string | null;
  readonly finding: JsonValue;
  readonly first_detected_at: Date;
  readonly updated_at: Date;
}

export function findingOf(row: FindingRow): FindingDetail {
  return {
    findingId: row.finding_id,
    fingerprint: row.fingerprint,
    patterns: row.patterns,
    severity: row.severity,
    revision: row.revision,
    status: row.status,
    normalizedSql: row.normalized_sql,
    firstDetectedAt: row.first_detected_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finding: row.finding,
  };
}

export const FINDING_SELECT = `SELECT finding_id, fingerprint, patterns, severity, revision, status, finding->>'normalizedSql' AS normalized_sql, finding, first_detected_at, updated_at
                  FROM shadowtune.analyzer_findings`;

/**
 * Findings of the signature-analyzer (its table analyzer_findings, migration 0200),
 * most recently updated first, optionally filtered by severity and status.
 */
export async function listFindings(
  db: pg.Pool,
  options: { readonly limit: number; readonly after?: readonly [string, string] | null; readonly severity?: string | null; readonly status?: string | null },
): Promise<{ readonly items: readonly FindingSummary[]; readonly next: readonly [string, string] | null }> {
  try {
    const result = await db.query<FindingRow>(
      `${FINDING_SELECT}
        WHERE ($1::timestamptz IS NULL OR (updated_at, finding_id) < ($1::timestamptz, $2::text))
          AND ($3::text IS NULL OR severity = $3) AND ($4::text IS NULL OR status = $4)
        ORDER BY updated_at DESC, finding_id DESC LIMIT $5`,
      [options.after?.[0] ?? null, options.after?.[1] ?? null, options.severity ?? null, options.status ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map((row) => {
      const { finding: _finding, ...summary } = findingOf(row);
      return summary;
    });
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? [last.updatedAt, last.findingId] : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
