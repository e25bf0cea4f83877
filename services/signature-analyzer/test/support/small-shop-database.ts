import pg from 'pg';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

/** A small schema with every kind of index the analyzer reasons about, and enough rows for real plans. */
export const SMALL_SHOP_SQL = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email varchar(100) NOT NULL,
  code char(6) NOT NULL,
  status text NOT NULL,
  name text,
  note text,
  created_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX accounts_lower_email_idx ON accounts (lower(email));
CREATE INDEX accounts_email_pattern_idx ON accounts (email varchar_pattern_ops);
CREATE UNIQUE INDEX accounts_code_idx ON accounts (code);
CREATE INDEX accounts_status_created_idx ON accounts (status, created_at DESC);
CREATE INDEX accounts_live_created_idx ON accounts (created_at) WHERE deleted_at IS NULL;
CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (name gin_trgm_ops);
CREATE TABLE events (
  id bigint PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  kind text NOT NULL,
  at timestamptz NOT NULL
);
CREATE TABLE tiny (id integer PRIMARY KEY, label text);
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', lpad(to_hex(g), 6, '0'), (ARRAY['new', 'active', 'gone'])[1 + g % 3],
  'Name ' || g, NULL, timestamptz '2024-01-01' + g * interval '1 minute', CASE WHEN g % 10 = 0 THEN now() END
FROM generate_series(1, 20000) g;
INSERT INTO events SELECT g, 1 + g % 20000, 'k' || g % 40, timestamptz '2024-01-01' + g * interval '10 seconds' FROM generate_series(1, 60000) g;
INSERT INTO tiny SELECT g, 'l' || g FROM generate_series(1, 10) g;
ANALYZE;
`;

export interface SmallShop {
  readonly database: TestDatabase;
  readonly client: pg.Client;
  readonly schema: SchemaModel;
  close(): Promise<void>;
}

export async function createSmallShopDatabase(): Promise<SmallShop> {
  const database = await createTestDatabase('st_sa_shop');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(SMALL_SHOP_SQL);
  const schema = await introspectSchema(client);
  return {
    database,
    client,
    schema,
    async close() {
      await client.end();
      await database.drop();
    },
  };
}
