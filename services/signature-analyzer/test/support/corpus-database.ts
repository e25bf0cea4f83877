import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

const SCHEMA_FILE = new URL('../corpus/corpus-schema.sql', import.meta.url);

/** A database holding the corpus schema with its generated volumes, analyzed. */
export async function createCorpusDatabase(): Promise<{ readonly database: TestDatabase; readonly client: pg.Client; close(): Promise<void> }> {
  const database = await createTestDatabase('st_sa_corpus');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(readFileSync(SCHEMA_FILE, 'utf8'));
  return {
    database,
    client,
    async close() {
      await client.end();
      await database.drop();
    },
  };
}
