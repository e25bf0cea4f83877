/** Status of a workflow and of each of its tasks. */
export type WorkflowStatus = 'pending' | 'running' | 'succeeded' | 'failed';
export type TaskStatus = WorkflowStatus;
export type AttemptOutcome = 'succeeded' | 'retry' | 'failed' | 'lease-lost';

/** A JSON value as stored in jsonb columns. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An error as recorded on a task: code, message and retriable flag of the ShadowtuneError (never SQL). */
export interface RecordedError {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
}

export interface WorkflowRecord {
  readonly workflowId: string;
  readonly kind: string;
  readonly idempotencyKey: string;
  readonly status: WorkflowStatus;
  readonly input: JsonValue;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface TaskAttemptRecord {
  readonly attempt: number;
  readonly workerId: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: AttemptOutcome | null;
  readonly error: RecordedError | null;
}

export interface WorkflowTaskRecord {
  readonly taskId: string;
  readonly workflowId: string;
  readonly position: number;
  readonly taskType: string;
  readonly idempotencyKey: string;
  readonly status: TaskStatus;
  readonly input: JsonValue;
  readonly output: JsonValue | null;
  readonly error: RecordedError | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly nextAttemptAt: string;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface WorkflowDetail extends WorkflowRecord {
  readonly tasks: readonly (WorkflowTaskRecord & { readonly attemptLog: readonly TaskAttemptRecord[] })[];
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export interface WorkflowRow {
  readonly workflow_id: string;
  readonly kind: string;
  readonly idempotency_key: string;
  readonly status: WorkflowStatus;
  readonly input: JsonValue;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly finished_at: Date | null;
}

export function workflowRecordOf(row: WorkflowRow): WorkflowRecord {
  return {
    workflowId: row.workflow_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    input: row.input,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: iso(row.finished_at),
  };
}

export interface TaskRow {
  readonly task_id: string;
  readonly workflow_id: string;
  readonly position: number;
  readonly task_type: string;
  readonly idempotency_key: string;
  readonly status: TaskStatus;
  readonly input: JsonValue;
  readonly output: JsonValue | null;
  readonly error: RecordedError | null;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly next_attempt_at: Date;
  readonly lease_owner: string | null;
  readonly lease_expires_at: Date | null;
  readonly created_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
}

export function taskRecordOf(row: TaskRow): WorkflowTaskRecord {
  return {
    taskId: row.task_id,
    workflowId: row.workflow_id,
    position: row.position,
    taskType: row.task_type,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    input: row.input,
    output: row.output,
    error: row.error,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: iso(row.lease_expires_at),
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export interface AttemptRow {
  readonly task_id: string;
  readonly attempt: number;
  readonly worker_id: string;
  readonly started_at: Date;
  readonly finished_at: Date | null;
  readonly outcome: AttemptOutcome | null;
  readonly error: RecordedError | null;
}

export function attemptRecordOf(row: AttemptRow): TaskAttemptRecord {
  return {
    attempt: row.attempt,
    workerId: row.worker_id,
    startedAt: row.started_at.toISOString(),
    finishedAt: iso(row.finished_at),
    outcome: row.outcome,
    error: row.error,
  };
}
