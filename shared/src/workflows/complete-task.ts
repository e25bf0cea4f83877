import type pg from 'pg';
import { inTransaction } from './in-transaction.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';
import type { TaskLease } from './task-lease.js';
import type { JsonValue } from './workflow-records.js';

/**
 * Records a successful attempt, fenced by the lease: false (nothing written) when this
 * worker no longer holds the task. The unique index on successful attempts makes a second
 * completion of the same task impossible even if fencing were bypassed.
 */
export async function completeTask(pool: pg.Pool, lease: TaskLease, output: JsonValue): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const updated = await client.query(
      `UPDATE shadowtune.workflow_tasks
          SET status = 'succeeded', output = $4, error = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now()
        WHERE task_id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3`,
      [lease.taskId, lease.workerId, lease.attempt, JSON.stringify(output)],
    );
    if (updated.rowCount !== 1) return false;
    await client.query(
      `UPDATE shadowtune.workflow_task_attempts SET outcome = 'succeeded', finished_at = now() WHERE task_id = $1 AND attempt = $2`,
      [lease.taskId, lease.attempt],
    );
    await refreshWorkflowStatus(client, lease.workflowId);
    return true;
  });
}
