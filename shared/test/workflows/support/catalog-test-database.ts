import pg from 'pg';
import { runMigrations } from '../../../src/catalog/run-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

export interface CatalogTestDatabase extends TestDatabase {
  readonly pool: pg.Pool;
  /** Closes the pool and drops the database. */
  close(): Promise<void>;
}

/** A fresh catalog database with every catalog migration applied, as a service would have it. */
export async function createCatalogTestDatabase(): Promise<CatalogTestDatabase> {
  const database = await createTestDatabase('st_catalog');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await runMigrations(client);
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 6 });
  pool.on('error', () => undefined);
  return {
    ...database,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
