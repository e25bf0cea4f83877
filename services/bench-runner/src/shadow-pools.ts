import pg from 'pg';
import type { Databases } from '@shadowtune/shared/db/databases';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

export interface ShadowPools {
  /** The configured shadow database, or another database of the same shadow server by name (a dataset's). */
  poolFor(database: string | null): Promise<pg.Pool>;
  close(): Promise<void>;
}

/** Pools to the shadow server's databases, opened on first use and closed together. */
export function shadowPools(databases: Databases): ShadowPools {
  const extra = new Map<string, pg.Pool>();
  return {
    async poolFor(database) {
      const shadow = await databases.shadow();
      const url = new URL(shadow.url);
      if (database === null || decodeURIComponent(url.pathname.slice(1)) === database) return shadow.pool;
      if (!/^[^\u0000/]{1,63}$/.test(database)) throw new ShadowtuneError('INPUT_INVALID', 'a dataset names an invalid shadow database');
      let pool = extra.get(database);
      if (!pool) {
        url.pathname = `/${encodeURIComponent(database)}`;
        pool = new pg.Pool({ connectionString: url.toString(), max: 2, application_name: 'shadowtune-bench-runner' });
        pool.on('error', () => {
          // An idle client lost its connection; the next measurement reconnects.
        });
        extra.set(database, pool);
      }
      return pool;
    },
    async close() {
      await Promise.all([...extra.values()].map((p) => p.end().catch(() => undefined)));
      extra.clear();
    },
  };
}
