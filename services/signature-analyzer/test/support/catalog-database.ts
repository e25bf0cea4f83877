import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { sqlQueryOf } from '../../src/sql-query-of.js';
import type { SqlQuery } from '../../src/sql-query.js';

export interface CatalogDatabase {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  readonly query: SqlQuery;
  close(): Promise<void>;
}

/** A fresh catalog database with every catalog migration applied (0200 included). */
export async function createCatalogDatabase(): Promise<CatalogDatabase> {
  const database = await createTestDatabase('st_sa_catalog');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const client = await pool.connect();
  try {
    await runMigrations(client);
  } finally {
    client.release();
  }
  return {
    database,
    pool,
    query: sqlQueryOf(pool),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
