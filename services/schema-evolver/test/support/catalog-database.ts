import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

/** A fresh catalog database with every catalog migration applied. */
export async function createCatalogDatabase(): Promise<{ readonly database: TestDatabase; readonly pool: pg.Pool; close(): Promise<void> }> {
  const database = await createTestDatabase('st_evolver_catalog');
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const client = await pool.connect();
  await runMigrations(client).finally(() => client.release());
  return {
    database,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
