/**
 * The right to run one attempt of a task: who holds it and which attempt. Every state
 * change of a running task is conditioned on both (a fencing token), so a worker that
 * lost its lease to another cannot complete or fail the task afterwards.
 */
export interface TaskLease {
  readonly taskId: string;
  readonly workflowId: string;
  readonly workerId: string;
  readonly attempt: number;
}
