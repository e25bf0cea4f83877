import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { analyzeStatement } from '@shadowtune/bench-runner/statement/analyze-statement';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { consolidateIndexCandidates } from '../../src/candidates/consolidate-index-candidates.js';
import { designIndexCandidates, type DesignOptions } from '../../src/candidates/design-index-candidates.js';
import { findRedundantIndexes } from '../../src/candidates/find-redundant-indexes.js';
import { renderCreateIndex } from '../../src/candidates/render-index-ddl.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let model: SchemaModel;

const OPTIONS: DesignOptions = { maxIndexColumns: 4, maxIncludeColumns: 4, partialNullFraction: 0.8, trigramAvailable: false, leadingWildcard: false, equalityUse: () => 0 };

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_design');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, total numeric NOT NULL, note text,
      shipped_at timestamptz, created_at timestamptz NOT NULL, email text NOT NULL);
    INSERT INTO orders SELECT g, g % 1000, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END, g, NULL, CASE WHEN g % 20 = 0 THEN NULL ELSE now() END, now(), 'x' || g
      FROM generate_series(1, 5000) g;
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE TABLE lines (id int PRIMARY KEY, order_id int NOT NULL, sku text NOT NULL);
    ANALYZE;`);
  model = await introspectSchema(client);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

const design = (sql: string, options: Partial<DesignOptions> = {}) => designIndexCandidates(analyzeStatement(sql, model), 'fp', { ...OPTIONS, ...options });
const ddl = (sql: string, options: Partial<DesignOptions> = {}) => design(sql, options).candidates.map((c) => renderCreateIndex(c, false));

describe('designIndexCandidates', () => {
  it('puts equality columns first, then the range column, and offers the range alone', () => {
    assert.deepEqual(ddl('SELECT id FROM orders WHERE customer_id = $1 AND created_at >= $2'), [
      'CREATE INDEX "orders_customer_id_created_at_idx" ON "public"."orders" USING btree ("customer_id", "created_at")',
      'CREATE INDEX "orders_created_at_idx" ON "public"."orders" USING btree ("created_at")',
      'CREATE INDEX "orders_customer_id_created_at_incl_idx" ON "public"."orders" USING btree ("customer_id", "created_at") INCLUDE ("id")',
    ]);
  });

  it('follows equality with the ORDER BY keys of a LIMIT query, directions kept', () => {
    const all = ddl('SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2');
    assert.ok(all.includes('CREATE INDEX "orders_customer_id_created_at_desc_idx" ON "public"."orders" USING btree ("customer_id", "created_at" DESC)'), all.join('\n'));
    assert.ok(all.includes('CREATE INDEX "orders_customer_id_created_at_desc_incl_idx" ON "public"."orders" USING btree ("customer_id", "created_at" DESC) INCLUDE ("id", "total")'));
  });

  it('keys a wrapped column on its expression, and makes a partial index of a selective IS NULL', () => {
    assert.deepEqual(ddl('SELECT * FROM orders WHERE lower(email) = $1'), ['CREATE INDEX "orders_lower_email_idx" ON "public"."orders" USING btree (("lower"("email")))']);
    const partial = ddl('SELECT * FROM orders WHERE customer_id = $1 AND shipped_at IS NULL');
    assert.ok(partial.includes('CREATE INDEX "orders_customer_id_shipped_at_null_idx" ON "public"."orders" USING btree ("customer_id") WHERE "shipped_at" IS NULL'), partial.join('\n'));
  });

  it('uses a trigram GIN index for a leading wildcard when pg_trgm is there, and says why not otherwise', () => {
    assert.deepEqual(ddl('SELECT id FROM orders WHERE email LIKE $1', { leadingWildcard: true, trigramAvailable: true }), [
      'CREATE INDEX "orders_email_trgm_idx" ON "public"."orders" USING gin ("email" "gin_trgm_ops")',
    ]);
    const without = design('SELECT id FROM orders WHERE email LIKE $1', { leadingWildcard: true });
    assert.deepEqual(without.candidates, []);
    assert.deepEqual(without.notes.map((n) => n.reason), ['TRIGRAM_UNAVAILABLE']);
    assert.deepEqual(ddl('SELECT id FROM orders WHERE email LIKE $1'), ['CREATE INDEX "orders_email_pattern_idx" ON "public"."orders" USING btree ("email" "text_pattern_ops")']);
  });

  it('indexes the inner side of a join, and each arm of an OR', () => {
    assert.ok(ddl('SELECT o.id FROM orders o JOIN lines l ON l.order_id = o.id WHERE o.customer_id = $1').includes('CREATE INDEX "lines_order_id_idx" ON "public"."lines" USING btree ("order_id")'));
    const or = ddl('SELECT id FROM orders WHERE customer_id = $1 OR email = $2');
    assert.ok(or.includes('CREATE INDEX "orders_customer_id_idx" ON "public"."orders" USING btree ("customer_id")'));
    assert.ok(or.includes('CREATE INDEX "orders_email_idx" ON "public"."orders" USING btree ("email")'));
  });

  it('says why nothing is proposed: already indexed, nothing indexable', () => {
    const indexed = design('SELECT id FROM orders WHERE status = $1');
    assert.ok(indexed.notes.some((n) => n.reason === 'ALREADY_INDEXED' && /orders_status_idx/.test(n.detail)));
    assert.ok(!indexed.candidates.some((c) => c.keys.length === 1 && c.keys[0]!.column === 'status' && c.include.length === 0));
    const nothing = design('SELECT id FROM orders WHERE total + $1 > id');
    assert.deepEqual(nothing.candidates, []);
    assert.deepEqual(nothing.notes.map((n) => n.reason), ['NO_INDEXABLE_PREDICATE']);
  });

  it('renders DDL the server accepts', async () => {
    const statements = new Set([
      ...ddl('SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2'),
      ...ddl('SELECT * FROM orders WHERE lower(email) = $1'),
      ...ddl('SELECT * FROM orders WHERE customer_id = $1 AND shipped_at IS NULL'),
      ...ddl('SELECT id FROM orders WHERE email LIKE $1'),
      ...ddl('SELECT id FROM orders WHERE customer_id = $1 OR email = $2'),
    ]);
    await client.query('BEGIN');
    try {
      for (const sql of statements) await client.query(sql);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

describe('consolidation and redundant indexes', () => {
  it('lets an index that serves another take over its statements', () => {
    const a = designIndexCandidates(analyzeStatement('SELECT id FROM orders WHERE customer_id = $1', model), 'fp-a', OPTIONS).candidates;
    const b = designIndexCandidates(analyzeStatement('SELECT id FROM orders WHERE customer_id = $1 AND created_at > $2', model), 'fp-b', OPTIONS).candidates;
    const consolidated = consolidateIndexCandidates([...a, ...b]);
    const wide = consolidated.find((c) => c.candidate.keys.map((k) => k.column).join(',') === 'customer_id,created_at' && c.candidate.include.length === 0)!;
    assert.deepEqual(wide.candidate.fingerprints, ['fp-a', 'fp-b']);
    const narrow = consolidated.find((c) => c.candidate.keys.length === 1 && c.candidate.keys[0]!.column === 'customer_id' && c.candidate.include.length === 0)!;
    assert.deepEqual(narrow.candidate.fingerprints, ['fp-a']);
  });

  it('finds existing plain indexes that are a prefix of a candidate', () => {
    const table = model.tables.find((t) => t.name === 'orders')!;
    const [candidate] = design('SELECT id FROM orders WHERE status = $1 AND customer_id = $2').candidates;
    assert.deepEqual(candidate!.keys.map((k) => k.column), ['customer_id', 'status'], 'more distinct column first');
    const statusFirst = { ...candidate!, keys: [...candidate!.keys].reverse() };
    assert.deepEqual(findRedundantIndexes(statusFirst, table).map((i) => i.name), ['orders_status_idx']);
    assert.deepEqual(findRedundantIndexes(candidate!, table), []);
  });
});
