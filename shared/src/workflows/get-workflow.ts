import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import { attemptRecordOf, taskRecordOf, workflowRecordOf, type AttemptRow, type TaskRow, type WorkflowDetail, type WorkflowRow } from './workflow-records.js';

/** A workflow with its tasks and each task's attempts; null when unknown. */
export async function getWorkflow(db: pg.Pool | pg.ClientBase, workflowId: string): Promise<WorkflowDetail | null> {
  try {
    const workflow = await db.query<WorkflowRow>('SELECT * FROM shadowtune.workflows WHERE workflow_id = $1', [workflowId]);
    const row = workflow.rows[0];
    if (!row) return null;
    const tasks = await db.query<TaskRow>('SELECT * FROM shadowtune.workflow_tasks WHERE workflow_id = $1 ORDER BY position', [workflowId]);
    const attempts = await db.query<AttemptRow>(
      `SELECT a.* FROM shadowtune.workflow_task_attempts AS a JOIN shadowtune.workflow_tasks AS t USING (task_id)
        WHERE t.workflow_id = $1 ORDER BY a.task_id, a.attempt`,
      [workflowId],
    );
    return {
      ...workflowRecordOf(row),
      tasks: tasks.rows.map((task) => ({
        ...taskRecordOf(task),
        attemptLog: attempts.rows.filter((a) => a.task_id === task.task_id).map(attemptRecordOf),
      })),
    };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
