import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { quoteIdentifier, quoteLiteral } from '@shadowtune/shared/sql/quote-identifier';
import { datasetDatabaseName, datasetDatabasePrefix } from './dataset-database-name.js';
const CREATED_MARK = /created_at_ms=(\d+)/;

export interface DatasetDatabase {
  readonly name: string;
  /** Connection string of the dataset's database (the shadow server's, another database). */
  readonly url: string;
  /** The database was there already: a dataset loaded before, or a load cut off half-way. */
  readonly existed: boolean;
}

export interface DatasetDatabases {
  /** Creates the dataset's database unless it exists. */
  prepare(datasetId: string): Promise<DatasetDatabase>;
  /** Drops it and creates it again, empty (after a load that did not finish). */
  recreate(datasetId: string): Promise<DatasetDatabase>;
  /** Drops the databases beyond the newest `retain`, except those a session still uses; returns the dropped names. */
  prune(): Promise<readonly string[]>;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One database per synthetic dataset on the shadow server, so that the synth-generator
 * can load the next finding's dataset while the bench-runner still measures this one (in
 * the shared shadow database, the second load would replace the first under the bench).
 * Each database is marked with its creation time (its comment); the newest `retain` are
 * kept and older ones dropped once idle: a DROP refused because a session is connected
 * (the bench or the engine measuring it) is left for the next prune.
 */
export function datasetDatabases(options: { readonly shadow: pg.Pool; readonly shadowUrl: string; readonly retain: number; readonly logger: Logger; readonly now?: () => number }): DatasetDatabases {
  const shadowDatabase = decodeURIComponent(new URL(options.shadowUrl).pathname.slice(1));
  const prefix = datasetDatabasePrefix(shadowDatabase);
  const now = options.now ?? Date.now;

  const urlOf = (name: string): string => {
    const url = new URL(options.shadowUrl);
    url.pathname = `/${encodeURIComponent(name)}`;
    return url.toString();
  };
  const run = async (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => {
    try {
      return await options.shadow.query(sql, params);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  };
  const exists = async (name: string): Promise<boolean> => (await run('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  const create = async (name: string, datasetId: string): Promise<void> => {
    await run(`CREATE DATABASE ${quoteIdentifier(name)}`);
    await run(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(`shadowtune dataset ${datasetId} created_at_ms=${now()}`)}`);
  };

  return {
    async prepare(datasetId) {
      const name = datasetDatabaseName(shadowDatabase, datasetId);
      if (await exists(name)) return { name, url: urlOf(name), existed: true };
      await create(name, datasetId);
      return { name, url: urlOf(name), existed: false };
    },
    async recreate(datasetId) {
      const name = datasetDatabaseName(shadowDatabase, datasetId);
      await run(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await create(name, datasetId);
      return { name, url: urlOf(name), existed: false };
    },
    async prune() {
      const listed = await run(`SELECT datname AS name, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE $1 ESCAPE '\\'`, [likePrefix(prefix)]);
      const databases = (listed.rows as { name: string; note: string | null }[])
        .map((row) => ({ name: row.name, createdAt: Number(CREATED_MARK.exec(row.note ?? '')?.[1] ?? 0) }))
        .sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
      const dropped: string[] = [];
      for (const { name } of databases.slice(options.retain)) {
        try {
          await options.shadow.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
          dropped.push(name);
        } catch (error) {
          const failure = toDatabaseError(error);
          // 55006 object_in_use: a session (a measurement) still uses it; dropped at a later prune.
          if (failure.context.sqlState === '55006') options.logger.debug({ database: name }, 'dataset database still in use; kept for now');
          else options.logger.warn({ err: failure, database: name }, 'dataset database could not be dropped');
        }
      }
      if (dropped.length > 0) options.logger.info({ dropped }, 'older dataset databases dropped');
      return dropped;
    },
  };
}
