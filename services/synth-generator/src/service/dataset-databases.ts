import type pg from 'pg';
import { databaseUrl } from '@shadowtune/shared/db/database-url';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { quoteIdentifier, quoteLiteral } from '@shadowtune/shared/sql/quote-identifier';
import { datasetDatabaseName, datasetDatabasesPattern } from './dataset-database-name.js';
import type { DatasetOfFinding } from './find-pending-datasets.js';
const COMMENT_PREFIX = 'shadowtune dataset ';

interface DatasetMark extends DatasetOfFinding {
  readonly createdAt: number;
}

function markOf(comment: string | null): DatasetMark | null {
  if (comment === null || !comment.startsWith(COMMENT_PREFIX)) return null;
  try {
    const mark = JSON.parse(comment.slice(COMMENT_PREFIX.length)) as Partial<DatasetMark>;
    return typeof mark.datasetId === 'string' && typeof mark.findingId === 'string' && typeof mark.createdAt === 'number' ? (mark as DatasetMark) : null;
  } catch {
    return null;
  }
}

export interface DatasetDatabase {
  readonly name: string;
  /** Connection string of the dataset's database (the shadow server's, another database). */
  readonly url: string;
  /** The database was there already: a dataset loaded before, or a load cut off half-way. */
  readonly existed: boolean;
}

export interface DatasetDatabases {
  /** Creates the dataset's database unless it exists. */
  prepare(dataset: DatasetOfFinding): Promise<DatasetDatabase>;
  /** Drops it and creates it again, empty (after a load that did not finish). */
  recreate(dataset: DatasetOfFinding): Promise<DatasetDatabase>;
  /**
   * Drops the databases beyond the newest `retain`, except those still pending (not
   * finished with by the engine, up to `pendingTimeoutMs` old) and those a session still
   * uses; returns the dropped names.
   */
  prune(): Promise<readonly string[]>;
}

/**
 * One database per synthetic dataset on the shadow server, so that the synth-generator
 * can load the next finding's dataset while the bench-runner still measures this one (in
 * the shared shadow database, the second load would replace the first under the bench).
 * Each database is marked (its comment) with its dataset, finding and creation time; the
 * newest `retain` are kept, and older ones dropped once the engine is done with them
 * (`isPending`, given up after `pendingTimeoutMs`) and no session uses them: a DROP
 * refused because a session is connected is left for the next prune.
 */
export function datasetDatabases(options: {
  readonly shadow: pg.Pool;
  readonly shadowUrl: string;
  readonly retain: number;
  readonly pendingTimeoutMs: number;
  readonly isPending: (datasets: readonly DatasetOfFinding[]) => Promise<ReadonlySet<string>>;
  readonly logger: Logger;
  readonly now?: () => number;
}): DatasetDatabases {
  const shadowDatabase = decodeURIComponent(new URL(options.shadowUrl).pathname.slice(1));
  const now = options.now ?? Date.now;

  const urlOf = (name: string): string => databaseUrl(options.shadowUrl, name);
  const run = async (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => {
    try {
      return await options.shadow.query(sql, params);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  };
  const exists = async (name: string): Promise<boolean> => (await run('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  const create = async (name: string, dataset: DatasetOfFinding): Promise<void> => {
    await run(`CREATE DATABASE ${quoteIdentifier(name)}`);
    const mark: DatasetMark = { datasetId: dataset.datasetId, findingId: dataset.findingId, createdAt: now() };
    await run(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(COMMENT_PREFIX + JSON.stringify(mark))}`);
  };

  return {
    async prepare(dataset) {
      const name = datasetDatabaseName(shadowDatabase, dataset.datasetId);
      if (await exists(name)) return { name, url: urlOf(name), existed: true };
      await create(name, dataset);
      return { name, url: urlOf(name), existed: false };
    },
    async recreate(dataset) {
      const name = datasetDatabaseName(shadowDatabase, dataset.datasetId);
      await run(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await create(name, dataset);
      return { name, url: urlOf(name), existed: false };
    },
    async prune() {
      const listed = await run(`SELECT datname AS name, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE $1`, [datasetDatabasesPattern(shadowDatabase)]);
      const databases = (listed.rows as { name: string; note: string | null }[])
        .map((row) => ({ name: row.name, mark: markOf(row.note) }))
        .sort((a, b) => (b.mark?.createdAt ?? 0) - (a.mark?.createdAt ?? 0) || a.name.localeCompare(b.name));
      const older = databases.slice(options.retain);
      const pending = await options.isPending(older.flatMap((d) => (d.mark === null ? [] : [d.mark])));
      const dropped: string[] = [];
      for (const { name, mark } of older) {
        if (mark !== null && pending.has(mark.datasetId) && now() - mark.createdAt < options.pendingTimeoutMs) {
          options.logger.debug({ database: name }, 'dataset not finished with yet; kept for now');
          continue;
        }
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
