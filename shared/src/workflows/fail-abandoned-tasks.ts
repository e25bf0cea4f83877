import type pg from 'pg';
import { inTransaction } from './in-transaction.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';

/**
 * Fails running tasks whose lease expired with no attempt left: their workers kept dying
 * (or hanging) mid-task, so retrying forever would only repeat that. Returns their ids.
 */
export async function failAbandonedTasks(pool: pg.Pool, taskTypes: readonly string[]): Promise<string[]> {
  if (taskTypes.length === 0) return [];
  return inTransaction(pool, async (client) => {
    const failed = await client.query<{ task_id: string; workflow_id: string; attempts: number }>(
      `UPDATE shadowtune.workflow_tasks
          SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL, finished_at = now(),
              error = jsonb_build_object('code', 'WORKFLOW_TASK_FAILED', 'retriable', false,
                'message', 'attempt ' || attempts || ' of ' || max_attempts || ' lost its worker (no heartbeat before the lease expired); no attempts left')
        WHERE status = 'running' AND lease_expires_at < now() AND attempts >= max_attempts AND task_type = ANY($1::text[])
        RETURNING task_id, workflow_id, attempts`,
      [taskTypes],
    );
    for (const row of failed.rows) {
      await client.query(
        `UPDATE shadowtune.workflow_task_attempts SET outcome = 'lease-lost', finished_at = now() WHERE task_id = $1 AND attempt = $2 AND outcome IS NULL`,
        [row.task_id, row.attempts],
      );
      await refreshWorkflowStatus(client, row.workflow_id);
    }
    return failed.rows.map((row) => row.task_id);
  });
}
