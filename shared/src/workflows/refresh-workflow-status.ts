import type pg from 'pg';

/**
 * Recomputes a workflow's status from its tasks (failed if any failed, succeeded when all
 * did, running once any started). Call inside the transaction that changed a task.
 */
export async function refreshWorkflowStatus(client: pg.ClientBase, workflowId: string): Promise<void> {
  await client.query(
    `UPDATE shadowtune.workflows AS w
        SET status = s.status,
            updated_at = now(),
            finished_at = CASE WHEN s.status IN ('succeeded', 'failed') THEN coalesce(w.finished_at, now()) END
       FROM (SELECT CASE WHEN bool_or(status = 'failed') THEN 'failed'
                         WHEN bool_and(status = 'succeeded') THEN 'succeeded'
                         WHEN bool_or(status IN ('running', 'succeeded') OR attempts > 0) THEN 'running'
                         ELSE 'pending' END AS status
               FROM shadowtune.workflow_tasks WHERE workflow_id = $1) AS s
      WHERE w.workflow_id = $1 AND w.status IS DISTINCT FROM s.status`,
    [workflowId],
  );
}
