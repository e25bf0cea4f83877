import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

/**
 * Runs `work` while holding a catalog advisory lock for one deployment, so two instances
 * (or a redelivery racing the watch) never drive the same deployment at once. When the
 * lock is taken elsewhere the work is a retriable CONFLICT.
 */
export async function withDeploymentLock<T>(catalog: pg.Pool, deploymentId: string, work: () => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await catalog.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  try {
    const locked = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('shadowtune-schema-deployment'), hashtext($1)) AS ok`, [deploymentId]);
    if (!locked.rows[0]?.ok) throw new ShadowtuneError('CONFLICT', `deployment ${deploymentId} is being driven by another worker`, { retriable: true, context: { deploymentId } });
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('shadowtune-schema-deployment'), hashtext($1))`, [deploymentId]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
