import pg from 'pg';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

/**
 * The schema the schema-evolver tests work on: customers and orders joined without a
 * declared foreign key, events with a jsonb payload and a time column, an order reference
 * kept as text although it holds integers. Rows come from generate_series.
 */
export const SHOP_DDL = `
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, region text NOT NULL, tier int NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text NOT NULL, total numeric(12,2) NOT NULL,
  ref text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX orders_ref_idx ON orders (ref);
CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint, kind text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL);
`;

export interface ShopSizes {
  readonly customers: number;
  readonly orders: number;
  readonly events: number;
}

export function shopDataSql(sizes: ShopSizes): string {
  return `
INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['north','south','east','west'])[1 + g % 4], g % 5 FROM generate_series(1, ${sizes.customers}) g;
INSERT INTO orders SELECT g, 1 + (g * 7919) % ${sizes.customers}, (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4], (g % 1000) / 10.0,
  (g % 50000)::text, timestamptz '2024-01-01' + (g * interval '1 minute') FROM generate_series(1, ${sizes.orders}) g;
INSERT INTO events SELECT g, 1 + (g * 31) % ${sizes.customers}, (ARRAY['view','click','buy'])[1 + g % 3],
  jsonb_build_object('device', (ARRAY['ios','android','web'])[1 + g % 3], 'session', md5(g::text), 'score', g % 100),
  timestamptz '2024-01-01' + (g * interval '30 seconds') FROM generate_series(1, ${sizes.events}) g;
ANALYZE;`;
}

export interface ShopDatabase {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  model(): Promise<SchemaModel>;
  close(): Promise<void>;
}

export async function createShopDatabase(sizes: ShopSizes, prefix = 'st_evolver'): Promise<ShopDatabase> {
  await loadSqlParser();
  const database = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  await pool.query(SHOP_DDL);
  await pool.query(shopDataSql(sizes));
  return {
    database,
    pool,
    model: () => introspectSchema(pool),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
