import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import type { TaskLease } from './task-lease.js';

/** Extends a lease; false when it is no longer ours (expired and taken by another worker). */
export async function heartbeatTask(pool: pg.Pool, lease: TaskLease, leaseMs: number): Promise<boolean> {
  try {
    const result = await pool.query(
      `UPDATE shadowtune.workflow_tasks SET lease_expires_at = now() + $4 * interval '1 millisecond'
        WHERE task_id = $1 AND status = 'running' AND lease_owner = $2 AND attempts = $3`,
      [lease.taskId, lease.workerId, lease.attempt, leaseMs],
    );
    return result.rowCount === 1;
  } catch (error) {
    throw toDatabaseError(error);
  }
}
