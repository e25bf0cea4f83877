import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { inTransaction } from './in-transaction.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';

/**
 * Puts the failed tasks of a failed workflow back to pending with `extraAttempts` more
 * attempts (an operator fixed the cause). Attempt history is kept. Returns how many tasks
 * were re-queued; CONFLICT unless the workflow failed.
 */
export async function retryWorkflow(pool: pg.Pool, workflowId: string, extraAttempts = 3): Promise<number> {
  return inTransaction(pool, async (client) => {
    const workflow = await client.query<{ status: string }>('SELECT status FROM shadowtune.workflows WHERE workflow_id = $1 FOR UPDATE', [workflowId]);
    const status = workflow.rows[0]?.status;
    if (status === undefined) throw new ShadowtuneError('NOT_FOUND', `workflow ${workflowId} does not exist`, { context: { workflowId } });
    if (status !== 'failed') throw new ShadowtuneError('CONFLICT', `workflow ${workflowId} is ${status}; only failed workflows can be retried`, { context: { workflowId, status } });
    const requeued = await client.query(
      `UPDATE shadowtune.workflow_tasks SET status = 'pending', next_attempt_at = now(), finished_at = NULL, max_attempts = attempts + $2
        WHERE workflow_id = $1 AND status = 'failed'`,
      [workflowId, extraAttempts],
    );
    await refreshWorkflowStatus(client, workflowId);
    return requeued.rowCount ?? 0;
  });
}
