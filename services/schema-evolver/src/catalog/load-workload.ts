import type pg from 'pg';
import type { ParameterProfile, StatementKind } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { WorkloadStatement } from '../workload/workload-statement.js';

interface WorkloadRow {
  readonly fingerprint: string;
  readonly database: string;
  readonly normalized_sql: string;
  readonly statement_kind: StatementKind;
  readonly parsed: boolean;
  readonly calls: number;
  readonly total_ms: number;
  readonly parameters: ParameterProfile[];
  readonly first_seen: Date;
  readonly last_seen: Date;
}

/** The workload seen since `since` (last seen), optionally of one database. */
export async function loadWorkload(pool: pg.Pool, options: { readonly since: Date; readonly database: string | null }): Promise<WorkloadStatement[]> {
  try {
    const result = await pool.query<WorkloadRow>(
      `SELECT * FROM shadowtune.evolver_workload WHERE last_seen >= $1 AND ($2::text IS NULL OR database = $2) ORDER BY total_ms DESC, fingerprint`,
      [options.since, options.database],
    );
    return result.rows.map((row) => ({
      fingerprint: row.fingerprint,
      normalizedSql: row.normalized_sql,
      statementKind: row.statement_kind,
      parsed: row.parsed,
      database: row.database === '' ? null : row.database,
      calls: Number(row.calls),
      totalMs: Number(row.total_ms),
      parameters: row.parameters,
      firstSeenAt: row.first_seen.getTime(),
      lastSeenAt: row.last_seen.getTime(),
    }));
  } catch (error) {
    throw toDatabaseError(error);
  }
}
