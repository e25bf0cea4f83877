import type pg from 'pg';
import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import type { ReasonCode } from '../reason-code.js';
import { runQuery } from './run-query.js';

/** A finding as the engine keeps it: the latest revision, with the tables its statement touches. */
export interface StoredFinding {
  readonly findingId: string;
  readonly fingerprint: string;
  readonly revision: number;
  readonly normalizedSql: string;
  readonly statementKind: string;
  /** schema.table */
  readonly tables: readonly string[];
  readonly patterns: readonly string[];
  readonly finding: QueryFinding;
}

function rowToFinding(row: Record<string, unknown>): StoredFinding {
  return {
    findingId: String(row.finding_id),
    fingerprint: String(row.fingerprint),
    revision: Number(row.revision),
    normalizedSql: String(row.normalized_sql),
    statementKind: String(row.statement_kind),
    tables: row.tables as string[],
    patterns: row.patterns as string[],
    finding: row.finding as QueryFinding,
  };
}

export interface FindingStore {
  /** Keeps the newest revision; an older or equal redelivered revision changes nothing. Returns true when stored. */
  upsert(finding: QueryFinding, statementKind: string, tables: readonly string[]): Promise<boolean>;
  forFingerprint(fingerprint: string): Promise<StoredFinding[]>;
  byId(findingId: string): Promise<StoredFinding | null>;
  onTables(tables: readonly string[]): Promise<StoredFinding[]>;
  all(): Promise<StoredFinding[]>;
  recordSkip(findingId: string, reason: ReasonCode, detail: string): Promise<void>;
  skipsOf(findingId: string): Promise<{ reason: string; detail: string }[]>;
}

export function findingStore(db: pg.Pool): FindingStore {
  const select = 'SELECT finding_id, fingerprint, revision, normalized_sql, statement_kind, tables, patterns, finding FROM shadowtune.rewrite_findings';
  return {
    async upsert(finding, statementKind, tables) {
      const result = await runQuery(
        db,
        `INSERT INTO shadowtune.rewrite_findings (finding_id, fingerprint, revision, normalized_sql, statement_kind, tables, patterns, finding, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (finding_id) DO UPDATE SET revision = EXCLUDED.revision, normalized_sql = EXCLUDED.normalized_sql, statement_kind = EXCLUDED.statement_kind,
           tables = EXCLUDED.tables, patterns = EXCLUDED.patterns, finding = EXCLUDED.finding, updated_at = now()
         WHERE shadowtune.rewrite_findings.revision < EXCLUDED.revision`,
        [finding.findingId, finding.fingerprint, finding.revision, finding.normalizedSql, statementKind, [...tables], finding.patterns.map((p) => p.pattern), JSON.stringify(finding)],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async forFingerprint(fingerprint) {
      return (await runQuery(db, `${select} WHERE fingerprint = $1 ORDER BY finding_id`, [fingerprint])).rows.map(rowToFinding);
    },
    async byId(findingId) {
      const row = (await runQuery(db, `${select} WHERE finding_id = $1`, [findingId])).rows[0];
      return row ? rowToFinding(row) : null;
    },
    async onTables(tables) {
      return (await runQuery(db, `${select} WHERE tables && $1::text[] ORDER BY fingerprint, finding_id`, [[...tables]])).rows.map(rowToFinding);
    },
    async all() {
      return (await runQuery(db, `${select} ORDER BY fingerprint, finding_id`)).rows.map(rowToFinding);
    },
    async recordSkip(findingId, reason, detail) {
      await runQuery(
        db,
        `INSERT INTO shadowtune.rewrite_skips (finding_id, reason_code, reason_detail) VALUES ($1, $2, $3)
         ON CONFLICT (finding_id, reason_code) DO UPDATE SET reason_detail = EXCLUDED.reason_detail, recorded_at = now()`,
        [findingId, reason, detail],
      );
    },
    async skipsOf(findingId) {
      return (await runQuery(db, 'SELECT reason_code, reason_detail FROM shadowtune.rewrite_skips WHERE finding_id = $1 ORDER BY reason_code', [findingId])).rows.map((r) => ({
        reason: String(r.reason_code),
        detail: String(r.reason_detail),
      }));
    },
  };
}
