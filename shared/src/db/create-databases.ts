import pg from 'pg';
import { runMigrations } from '../catalog/run-migrations.js';
import type { ShadowtuneConfig } from '../config/config-schema.js';
import type { Logger } from '../log/create-logger.js';
import { memoizeAsync } from '../util/memoize-async.js';
import { createProductionReader, type ClosableProductionReader } from './create-production-reader.js';
import type { DatabaseHandle, Databases, ProductionReader } from './databases.js';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './start-embedded-postgres.js';
import { toDatabaseError } from './to-database-error.js';

const EMBEDDED_SHADOW_DATABASE = 'shadowtune_shadow';
const EMBEDDED_CATALOG_DATABASE = 'shadowtune_catalog';

/** One lazily started resource: shared by concurrent callers, retried after a failure. */
function once<T>(factory: () => Promise<T>): { get(): Promise<T>; peek(): Promise<T> | null } {
  const memo = memoizeAsync<null, T>(factory);
  return { get: () => memo.get(null), peek: () => memo.peek(null) ?? null };
}

async function openPool(url: string, applicationName: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 8, application_name: applicationName });
  pool.on('error', () => {
    // An idle client lost its connection; the next query reconnects or raises DB_UNAVAILABLE.
  });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toDatabaseError(error);
  }
  return pool;
}

/**
 * The connections of one process by role. Production is opened read-only; shadow and
 * catalog use the configured URLs, or one embedded PostgreSQL server (started on first
 * use, stopped by close()) holding both databases. The catalog is migrated on first use.
 */
export function createDatabases(config: ShadowtuneConfig, logger: Logger): Databases {
  const embedded = once<RunningEmbeddedPostgres>(async () => {
    logger.info({ dataDir: config.embeddedPostgres.dataDir ?? '(temporary)' }, 'starting embedded PostgreSQL');
    const server = await startEmbeddedPostgres({
      dataDir: config.embeddedPostgres.dataDir,
      port: config.embeddedPostgres.port,
      onLog: (line) => logger.debug({ postgres: line.trim() }, 'embedded postgres'),
    });
    logger.info({ port: server.port }, 'embedded PostgreSQL ready');
    return server;
  });

  async function urlOf(configured: string | null, embeddedDatabase: string): Promise<string> {
    if (configured) return configured;
    const server = await embedded.get();
    await server.createDatabaseIfMissing(embeddedDatabase);
    return server.urlFor(embeddedDatabase);
  }

  const production = once<ClosableProductionReader | null>(async () =>
    config.connections.production ? createProductionReader({ url: config.connections.production }) : null,
  );
  const shadow = once<DatabaseHandle>(async () => {
    const url = await urlOf(config.connections.shadow, EMBEDDED_SHADOW_DATABASE);
    return { url, pool: await openPool(url, 'shadowtune-shadow') };
  });
  const catalog = once<DatabaseHandle>(async () => {
    const url = await urlOf(config.connections.catalog, EMBEDDED_CATALOG_DATABASE);
    const pool = await openPool(url, 'shadowtune-catalog');
    const client = await pool.connect();
    try {
      const report = await runMigrations(client);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'catalog migrations applied');
    } finally {
      client.release();
    }
    return { url, pool };
  });

  return {
    production: (): Promise<ProductionReader | null> => production.get(),
    shadow: () => shadow.get(),
    catalog: () => catalog.get(),
    async close() {
      const closing: Promise<unknown>[] = [];
      for (const handle of [shadow.peek(), catalog.peek()]) {
        if (handle) closing.push(handle.then((h) => h.pool.end()).catch(() => undefined));
      }
      const reader = production.peek();
      if (reader) closing.push(reader.then((r) => r?.close()).catch(() => undefined));
      await Promise.all(closing);
      const server = embedded.peek();
      if (server) await server.then((s) => s.stop()).catch(() => undefined);
    },
  };
}
