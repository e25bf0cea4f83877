import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';

/**
 * Runs `work` in a transaction holding an advisory lock on one persona id, so that
 * concurrent version creations and deletions of the same persona serialize.
 */
export async function withPersonaLock<T>(pool: pg.Pool, personaId: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shadowtune-persona-registry:${personaId}`]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw toDatabaseError(error);
  } finally {
    client.release();
  }
}
