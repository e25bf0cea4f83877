import pg from 'pg';
import { databaseUrl } from './database-url.js';
import type { Databases } from './databases.js';
import { ShadowtuneError } from '../errors/shadowtune-error.js';

export interface ShadowPools {
  /** The configured shadow database, or another database of the same shadow server by name (a dataset's). */
  poolFor(database: string | null): Promise<pg.Pool>;
  close(): Promise<void>;
}

/** Dataset databases with an open pool at once; the least recently used beyond it is closed. */
const MAX_DATASET_POOLS = 8;

/**
 * Pools to the shadow server's databases, opened on first use and closed together. Idle
 * connections close after a few seconds, so the synth-generator can drop a dataset's
 * database once its measurements are over.
 */
export function shadowPools(databases: Databases): ShadowPools {
  const extra = new Map<string, pg.Pool>();
  return {
    async poolFor(database) {
      const shadow = await databases.shadow();
      if (database === null || decodeURIComponent(new URL(shadow.url).pathname.slice(1)) === database) return shadow.pool;
      if (!/^[^\u0000/]{1,63}$/.test(database)) throw new ShadowtuneError('INPUT_INVALID', 'a dataset names an invalid shadow database');
      let pool = extra.get(database);
      if (pool) {
        extra.delete(database);
        extra.set(database, pool);
      } else {
        pool = new pg.Pool({ connectionString: databaseUrl(shadow.url, database), max: 2, idleTimeoutMillis: 5_000, application_name: 'shadowtune-bench-runner' });
        pool.on('error', () => {
          // An idle client lost its connection; the next measurement reconnects.
        });
        extra.set(database, pool);
        for (const [name, oldest] of extra) {
          if (extra.size <= MAX_DATASET_POOLS) break;
          extra.delete(name);
          void oldest.end().catch(() => undefined);
        }
      }
      return pool;
    },
    async close() {
      await Promise.all([...extra.values()].map((p) => p.end().catch(() => undefined)));
      extra.clear();
    },
  };
}
