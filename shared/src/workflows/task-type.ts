import type { BackoffPolicy } from '../retry/compute-backoff.js';
import type { Logger } from '../log/create-logger.js';
import type { JsonValue } from './workflow-records.js';

/** What a task handler receives for one attempt. */
export interface TaskContext {
  readonly taskId: string;
  readonly workflowId: string;
  /** 1 for the first attempt; a resumed or retried task sees a higher number. */
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly input: JsonValue;
  /** Aborted when this worker lost the task's lease (another worker may be running it): stop soon. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

export type { BackoffPolicy } from '../retry/compute-backoff.js';

/**
 * A kind of task the engine can run. The handler must be idempotent: after a crash the
 * same attempt's work may be done again by another worker. A thrown ShadowtuneError is
 * retried with backoff when `retriable`, and fails the task otherwise.
 */
export interface TaskType {
  readonly type: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  run(context: TaskContext): Promise<JsonValue>;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, jitter: 0.2 };
