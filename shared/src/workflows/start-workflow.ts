import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { refreshWorkflowStatus } from './refresh-workflow-status.js';
import { workflowRecordOf, type JsonValue, type WorkflowRecord, type WorkflowRow } from './workflow-records.js';

export interface StartWorkflowRequest {
  readonly kind: string;
  /** Starting again with the same key returns the first workflow (and refuses different input). */
  readonly idempotencyKey: string;
  readonly input: JsonValue;
  /** Run in this order; each task's idempotency key is `<workflow key>/<position>:<taskType>`. */
  readonly tasks: readonly { readonly taskType: string; readonly input: JsonValue; readonly maxAttempts: number }[];
}

export interface StartedWorkflow {
  readonly workflow: WorkflowRecord;
  /** false when a workflow with this idempotency key already existed. */
  readonly created: boolean;
}

/**
 * Records a workflow and its tasks as pending; workers pick them up. Runs on the caller's
 * client so that it can join the caller's transaction (e.g. with the application row that
 * references the workflow); the caller commits.
 */
export async function startWorkflow(client: pg.ClientBase, request: StartWorkflowRequest): Promise<StartedWorkflow> {
  if (request.tasks.length === 0) throw new ShadowtuneError('INPUT_INVALID', 'a workflow needs at least one task');
  const inserted = await client.query<WorkflowRow>(
    `INSERT INTO shadowtune.workflows (workflow_id, kind, idempotency_key, input) VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
    [randomUUID(), request.kind, request.idempotencyKey, JSON.stringify(request.input)],
  );
  const created = inserted.rows[0];
  if (!created) {
    const existing = await client.query<WorkflowRow & { same_input: boolean }>(
      'SELECT *, input = $2::jsonb AND kind = $3 AS same_input FROM shadowtune.workflows WHERE idempotency_key = $1',
      [request.idempotencyKey, JSON.stringify(request.input), request.kind],
    );
    const row = existing.rows[0];
    if (!row) throw new ShadowtuneError('CONFLICT', 'a workflow with this idempotency key is being created concurrently; retry', { retriable: true });
    if (!row.same_input) {
      throw new ShadowtuneError('CONFLICT', `idempotency key ${request.idempotencyKey} was already used for a different workflow input`, {
        context: { workflowId: row.workflow_id },
      });
    }
    return { workflow: workflowRecordOf(row), created: false };
  }
  for (const [position, task] of request.tasks.entries()) {
    await client.query(
      `INSERT INTO shadowtune.workflow_tasks (task_id, workflow_id, position, task_type, idempotency_key, input, max_attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), created.workflow_id, position, task.taskType, `${request.idempotencyKey}/${position}:${task.taskType}`, JSON.stringify(task.input), task.maxAttempts],
    );
  }
  await refreshWorkflowStatus(client, created.workflow_id);
  return { workflow: workflowRecordOf(created), created: true };
}
