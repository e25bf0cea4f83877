import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Logger } from '../log/create-logger.js';
import { claimNextTask, type ClaimedTask } from './claim-next-task.js';
import { classifyTaskError } from './classify-task-error.js';
import { completeTask } from './complete-task.js';
import { computeBackoff } from '../retry/compute-backoff.js';
import { failAbandonedTasks } from './fail-abandoned-tasks.js';
import { failTaskAttempt } from './fail-task-attempt.js';
import { heartbeatTask } from './heartbeat-task.js';
import type { TaskTypeRegistry } from './task-type-registry.js';

export interface WorkflowWorkerOptions {
  readonly pool: pg.Pool;
  readonly registry: TaskTypeRegistry;
  readonly logger: Logger;
  readonly workerId?: string;
  /** How long a claimed task stays ours without a heartbeat (default 30 s). */
  readonly leaseMs?: number;
  /** Heartbeat period (default a third of the lease). */
  readonly heartbeatMs?: number;
  /** Sleep between polls when nothing is runnable (default 1 s). */
  readonly pollMs?: number;
  /** Tasks run at the same time by this worker (default 1). */
  readonly concurrency?: number;
  readonly random?: () => number;
}

export interface WorkflowWorker {
  readonly workerId: string;
  /** Claims one runnable task and runs it to a recorded outcome; false when nothing was runnable. */
  runOnce(): Promise<boolean>;
  /** Starts polling in the background until stop(). */
  start(): void;
  /** Ends the current poll sleep (a workflow was just started by this process). */
  wake(): void;
  /** Stops claiming; resolves when in-flight tasks have finished and been recorded. */
  stop(): Promise<void>;
}

/**
 * A worker of the durable workflow engine. It claims tasks of its registered types with a
 * lease, heartbeats while the handler runs, and records the outcome fenced by the lease:
 * success once, retry with backoff for retriable errors, failure otherwise. If the process
 * dies mid-task the lease expires and any worker resumes the task as a new attempt.
 */
export function createWorkflowWorker(options: WorkflowWorkerOptions): WorkflowWorker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 3));
  const pollMs = options.pollMs ?? 1_000;
  const logger = options.logger.child({ workerId });
  let stopping = false;
  let loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  async function run(claimed: ClaimedTask): Promise<void> {
    const { lease, task } = claimed;
    const taskType = options.registry.get(task.taskType);
    const taskLogger = logger.child({ taskId: lease.taskId, workflowId: lease.workflowId, taskType: task.taskType, attempt: lease.attempt });
    if (!taskType) return; // unreachable: we only claim registered types
    taskLogger.info({ resumed: claimed.resumed }, claimed.resumed ? 'task resumed after its previous worker lost the lease' : 'task started');
    const abort = new AbortController();
    let beating = true;
    const heartbeat = (async () => {
      while (beating) {
        await sleep(heartbeatMs);
        if (!beating) break;
        try {
          if (!(await heartbeatTask(options.pool, lease, leaseMs))) {
            taskLogger.warn('lease lost: another worker took the task over');
            abort.abort();
            break;
          }
        } catch (error) {
          taskLogger.warn({ err: error }, 'heartbeat failed; the lease may expire');
        }
      }
    })();
    try {
      const output = await taskType.run({
        taskId: lease.taskId,
        workflowId: lease.workflowId,
        attempt: lease.attempt,
        idempotencyKey: task.idempotencyKey,
        input: task.input,
        signal: abort.signal,
        logger: taskLogger,
      });
      beating = false;
      const completed = await completeTask(options.pool, lease, output ?? null);
      if (completed) taskLogger.info('task succeeded');
      else taskLogger.warn('task finished after its lease was lost; the outcome of the current holder counts');
    } catch (thrown) {
      beating = false;
      const error = classifyTaskError(thrown);
      const retryInMs = computeBackoff(lease.attempt, taskType.backoff, options.random);
      const outcome = await failTaskAttempt(options.pool, lease, error, retryInMs);
      taskLogger[outcome === 'failed' ? 'error' : 'warn']({ err: error, outcome, retryInMs: outcome === 'retry' ? retryInMs : undefined }, `task attempt failed (${outcome})`);
    } finally {
      beating = false;
      for (const wake of [...sleepers]) wake();
      await heartbeat;
    }
  }

  async function runOnce(): Promise<boolean> {
    const types = options.registry.types();
    const abandoned = await failAbandonedTasks(options.pool, types);
    if (abandoned.length > 0) logger.error({ taskIds: abandoned }, 'tasks failed: their workers kept dying and no attempts are left');
    const claimed = await claimNextTask(options.pool, { workerId, taskTypes: types, leaseMs });
    if (!claimed) return false;
    await run(claimed);
    return true;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let worked = false;
      try {
        worked = await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'workflow worker poll failed; retrying');
      }
      if (!worked && !stopping) await sleep(pollMs);
    }
  }

  return {
    workerId,
    runOnce,
    start() {
      if (loops.length > 0) return;
      stopping = false;
      loops = Array.from({ length: options.concurrency ?? 1 }, () => loop());
    },
    wake() {
      for (const wake of [...sleepers]) wake();
    },
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await Promise.all(loops);
      loops = [];
    },
  };
}
