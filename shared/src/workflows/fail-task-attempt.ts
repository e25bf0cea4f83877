import type pg from 'pg';
import type { ShadowtuneError } from '../errors/shadowtune-error.js';
import { inTransaction } from './in-transaction.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';
import type { TaskLease } from './task-lease.js';
import type { RecordedError } from './workflow-records.js';

export type FailedAttemptOutcome = 'retry' | 'failed' | 'lease-lost';

/**
 * Records a failed attempt, fenced by the lease. A retriable error with attempts left puts
 * the task back to pending after `retryInMs`; anything else fails the task (and so its
 * workflow). Only the error's code, message and flag are stored, never SQL or parameters.
 */
export async function failTaskAttempt(pool: pg.Pool, lease: TaskLease, error: ShadowtuneError, retryInMs: number): Promise<FailedAttemptOutcome> {
  const recorded: RecordedError = { code: error.code, message: error.message, retriable: error.retriable };
  return inTransaction(pool, async (client) => {
    const updated = await client.query<{ status: 'pending' | 'failed' }>(
      `UPDATE shadowtune.workflow_tasks
          SET status = CASE WHEN $4 AND attempts < max_attempts THEN 'pending' ELSE 'failed' END,
              next_attempt_at = CASE WHEN $4 AND attempts < max_attempts THEN now() + $5 * interval '1 millisecond' ELSE next_attempt_at END,
              finished_at = CASE WHEN $4 AND attempts < max_attempts THEN NULL ELSE now() END,
              error = $6, lease_owner = NULL, lease_expires_at = NULL
        WHERE task_id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3
        RETURNING status`,
      [lease.taskId, lease.workerId, lease.attempt, error.retriable, retryInMs, JSON.stringify(recorded)],
    );
    const status = updated.rows[0]?.status;
    if (status === undefined) return 'lease-lost';
    const outcome = status === 'pending' ? 'retry' : 'failed';
    await client.query(
      `UPDATE shadowtune.workflow_task_attempts SET outcome = $3, error = $4, finished_at = now() WHERE task_id = $1 AND attempt = $2`,
      [lease.taskId, lease.attempt, outcome, JSON.stringify(recorded)],
    );
    await refreshWorkflowStatus(client, lease.workflowId);
    return outcome;
  });
}
