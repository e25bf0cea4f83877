import type pg from 'pg';
import { runQuery } from './run-query.js';

/** Runs `work` holding a session advisory lock on the catalog keyed by `key` (one connection for the duration). */
export async function withAdvisoryLock<T>(db: pg.Pool, key: string, work: () => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await runQuery(client, 'SELECT pg_advisory_lock(hashtextextended($1, 7301))', [key]);
    try {
      return await work();
    } finally {
      await runQuery(client, 'SELECT pg_advisory_unlock(hashtextextended($1, 7301))', [key]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
