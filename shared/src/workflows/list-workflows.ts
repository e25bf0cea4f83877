import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { workflowRecordOf, type WorkflowRecord, type WorkflowRow, type WorkflowStatus } from './workflow-records.js';

/** Position after which the next page starts: the last row's creation time and id. */
export interface WorkflowCursor {
  readonly createdAt: string;
  readonly workflowId: string;
}

export interface WorkflowPage {
  readonly items: readonly WorkflowRecord[];
  readonly next: WorkflowCursor | null;
}

/** Workflows, newest first, optionally of one status or kind, by keyset pagination. */
export async function listWorkflows(
  db: pg.Pool | pg.ClientBase,
  options: { readonly limit: number; readonly after?: WorkflowCursor | null; readonly status?: WorkflowStatus | null; readonly kind?: string | null },
): Promise<WorkflowPage> {
  try {
    const result = await db.query<WorkflowRow>(
      `SELECT * FROM shadowtune.workflows
        WHERE ($1::timestamptz IS NULL OR (created_at, workflow_id) < ($1::timestamptz, $2::uuid))
          AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR kind = $4)
        ORDER BY created_at DESC, workflow_id DESC LIMIT $5`,
      [options.after?.createdAt ?? null, options.after?.workflowId ?? null, options.status ?? null, options.kind ?? null, options.limit + 1],
    );
    const items = result.rows.slice(0, options.limit).map(workflowRecordOf);
    const last = items[items.length - 1];
    return { items, next: result.rows.length > options.limit && last ? { createdAt: last.createdAt, workflowId: last.workflowId } : null };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
