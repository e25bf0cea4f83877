import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { datasetDatabasesPattern } from '../../../services/synth-generator/src/service/dataset-database-name.js';

/** Server used by tests: SHADOWTUNE_TEST_PG_URL, else the local server CI starts. */
export const TEST_SERVER_URL = process.env.SHADOWTUNE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  /** Connection string of the new database. */
  readonly url: string;
  /** Drops the database and the dataset databases the synth-generator made beside it (`<name>_ds_…`), terminating their sessions. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates an empty database with a random name, for one test's isolation. */
export async function createTestDatabase(prefix = 'st_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(TEST_SERVER_URL, name),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_SERVER_URL });
      await client.connect();
      try {
        const datasets = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [datasetDatabasesPattern(name)]);
        for (const datname of [...datasets.rows.map((r) => r.datname), name]) {
          // pg.Pool#end() resolves once it has asked its connections to close, not once they have: a
          // FORCE drop right away can still reach one, whose client then emits an error nobody listens
          // to any more. Sessions that are closing get a moment; only stragglers are terminated.
          for (let wait = 0; wait < 50; wait += 1) {
            const sessions = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [datname]);
            if (sessions.rows[0]?.n === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        }
      } finally {
        await client.end();
      }
    },
  };
}
