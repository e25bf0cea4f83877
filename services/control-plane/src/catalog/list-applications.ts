import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { ApplicationRecord } from './catalog-records.js';

interface ApplicationRow {
  readonly application_id: string;
  readonly persona_id: string;
  readonly persona_version: number;
  readonly target_server: string;
  readonly database_name: string;
  readonly status: ApplicationRecord['status'];
  readonly workflow_id: string | null;
  readonly workflow_status: string | null;
  readonly requested_by: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

function applicationOf(row: ApplicationRow): ApplicationRecord {
  return {
    applicationId: row.application_id,
    personaId: row.persona_id,
    personaVersion: row.persona_version,
    targetServer: row.target_server,
    databaseName: row.database_name,
    status: row.status,
    workflowId: row.workflow_id,
    workflowStatus: row.workflow_status,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const SELECT = `SELECT a.*, w.status AS workflow_status FROM shadowtune.applications AS a LEFT JOIN shadowtune.workflows AS w USING (workflow_id)`;

/** Applications newest first (keyset on created_at, application_id), or one by id when `applicationId` is given. */
export async function listApplications(
  db: pg.Pool,
  options: { readonly limit: number; readonly after?: readonly [string, string] | null; readonly applicationId?: string },
): Promise<{ readonly items: readonly ApplicationRecord[]; readonly next: readonly [string, string] | null }> {
  try {
    const result =
      options.applicationId !== undefined
        ? await db.query<ApplicationRow>(`${SELECT} WHERE a.application_id = $1`, [options.applicationId])
        : await db.query<ApplicationRow>(
            `${SELECT} WHERE $1::timestamptz IS NULL OR (a.created_at, a.application_id) < ($1::timestamptz, $2::text)
              ORDER BY a.created_at DESC, a.application_id DESC LIMIT $3`,
            [options.after?.[0] ?? null, options.after?.[1] ?? null, options.limit + 1],
          );
    const items = result.rows.slice(0, options.limit).map(applicationOf);
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? [last.createdAt, last.applicationId] : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
