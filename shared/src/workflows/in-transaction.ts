import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';

/** Runs `work` in one transaction on a pooled connection; any failure rolls back and is a ShadowtuneError. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  try {
    await client.query('BEGIN');
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
