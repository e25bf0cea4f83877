import type pg from 'pg';
import { inTransaction } from './in-transaction.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';
import type { TaskLease } from './task-lease.js';
import { taskRecordOf, type TaskRow, type WorkflowTaskRecord } from './workflow-records.js';

export interface ClaimedTask {
  readonly lease: TaskLease;
  readonly task: WorkflowTaskRecord;
  /** The task was running under another worker whose lease expired: this attempt resumes it. */
  readonly resumed: boolean;
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly taskTypes: readonly string[];
  readonly leaseMs: number;
}

/**
 * Takes the next runnable task of the given types: a pending task that is due, or a
 * running task whose lease expired (its worker died or hung) with attempts left. Earlier
 * tasks of its workflow must have succeeded. SKIP LOCKED lets many workers poll without
 * blocking each other; the claim, the attempt row and the lost previous attempt are
 * recorded in one transaction, with times from the database clock.
 */
export async function claimNextTask(pool: pg.Pool, options: ClaimOptions): Promise<ClaimedTask | null> {
  if (options.taskTypes.length === 0) return null;
  return inTransaction(pool, async (client) => {
    const claimed = await client.query<TaskRow & { previous_status: string; previous_attempt: number }>(
      `WITH candidate AS (
         SELECT t.task_id, t.status AS previous_status, t.attempts AS previous_attempt
           FROM shadowtune.workflow_tasks AS t
          WHERE t.task_type = ANY($1::text[])
            AND ((t.status = 'pending' AND t.next_attempt_at <= now())
              OR (t.status = 'running' AND t.lease_expires_at < now() AND t.attempts < t.max_attempts))
            AND NOT EXISTS (SELECT 1 FROM shadowtune.workflow_tasks AS p
                             WHERE p.workflow_id = t.workflow_id AND p.position < t.position AND p.status <> 'succeeded')
          ORDER BY t.next_attempt_at, t.created_at
          LIMIT 1
          FOR UPDATE OF t SKIP LOCKED)
       UPDATE shadowtune.workflow_tasks AS t
          SET status = 'running', attempts = t.attempts + 1, lease_owner = $2,
              lease_expires_at = now() + $3 * interval '1 millisecond', started_at = coalesce(t.started_at, now())
         FROM candidate AS c
        WHERE t.task_id = c.task_id
       RETURNING t.*, c.previous_status, c.previous_attempt`,
      [options.taskTypes, options.workerId, options.leaseMs],
    );
    const row = claimed.rows[0];
    if (!row) return null;
    const resumed = row.previous_status === 'running';
    if (resumed) {
      await client.query(
        `UPDATE shadowtune.workflow_task_attempts SET outcome = 'lease-lost', finished_at = now()
          WHERE task_id = $1 AND attempt = $2 AND outcome IS NULL`,
        [row.task_id, row.previous_attempt],
      );
    }
    await client.query('INSERT INTO shadowtune.workflow_task_attempts (task_id, attempt, worker_id) VALUES ($1, $2, $3)', [row.task_id, row.attempts, options.workerId]);
    await refreshWorkflowStatus(client, row.workflow_id);
    return {
      lease: { taskId: row.task_id, workflowId: row.workflow_id, workerId: options.workerId, attempt: row.attempts },
      task: taskRecordOf(row),
      resumed,
    };
  });
}
