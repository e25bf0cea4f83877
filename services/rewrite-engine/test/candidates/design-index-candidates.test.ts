import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { consolidateIndexCandidates } from '../../src/candidates/consolidate-index-candidates.js';
import { designIndexCandidates, type DesignOptions } from '../../src/candidates/design-index-candidates.js';
import { findRedundantIndexes } from '../../src/candidates/find-redundant-indexes.js';
import { indexSignature } from '../../src/candidates/index-candidate.js';
import { indexNameOf, renderCreateIndex } from '../../src/candidates/render-index-ddl.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let model: SchemaModel;
/** The same database read with the productionValues opt-in: most common values known. */
let withValues: SchemaModel;

const OPTIONS: DesignOptions = { maxIndexColumns: 4, maxIncludeColumns: 4, partialNullFraction: 0.8, partialDominantShare: 0.5, trigramAvailable: false, leadingWildcard: false, equalityUse: () => 0 };

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
    CREATE TYPE "Ticket State" AS ENUM ('new', 'it''s done', 'open');
    CREATE TABLE tickets (id int PRIMARY KEY, state "Ticket State" NOT NULL, owner_id int NOT NULL REFERENCES lines (id), created_at timestamptz NOT NULL);
    INSERT INTO lines SELECT g, g, 'sku' FROM generate_series(1, 100) g;
    INSERT INTO tickets SELECT g, CASE WHEN g % 10 = 0 THEN 'new' WHEN g % 10 = 1 THEN 'open' ELSE 'it''s done' END::"Ticket State",
      CASE WHEN g % 4 = 0 THEN 1 + g % 100 ELSE 7 END, now() - g * interval '1 minute' FROM generate_series(1, 5000) g;
    ANALYZE;`);
  model = await introspectSchema(client);
  withValues = await introspectSchema(client, { mostCommonValues: true });
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

describe('partial candidates leaving out a dominant value', () => {
  const designWith = (sql: string, options: Partial<DesignOptions> = {}) => designIndexCandidates(analyzeStatement(sql, withValues), 'fp', { ...OPTIONS, ...options });

  it('excludes the dominant value of an equality column when production\'s values are known, literal quoted and cast to the enum', () => {
    const result = designWith('SELECT id FROM tickets WHERE state = $1 ORDER BY created_at LIMIT 20');
    const partial = result.candidates.filter((c) => c.purpose === 'partial').map((c) => renderCreateIndex(c, false));
    assert.equal(partial.length, 1, partial.join('\n'));
    assert.match(partial[0]!, /^CREATE INDEX "tickets_state_created_at_state_excl_[0-9a-f]{6}_idx" ON "public"."tickets" USING btree \("state", "created_at"\) WHERE "state" <> 'it''s done'::"public"."Ticket State"$/);
    assert.ok(!result.notes.some((n) => n.reason === 'DOMINANT_VALUE_UNKNOWN'));
    // The index name and signature carry a hash of the value, never the value (they reach logs).
    assert.ok(!result.candidates.some((c) => indexSignature(c).includes('done') || indexNameOf(c).includes('done')));
  });

  it('keeps a text column\'s literal uncast, with the other equality keys, and says nothing below the share', () => {
    const statusAndCustomer = designWith('SELECT id FROM orders WHERE status = $1 AND customer_id = $2');
    const ddls = statusAndCustomer.candidates.filter((c) => c.purpose === 'partial').map((c) => renderCreateIndex(c, false));
    assert.deepEqual(ddls.map((d) => d.replace(/_excl_[0-9a-f]{6}_/, '_excl_*_')), ['CREATE INDEX "orders_customer_id_status_status_excl_*_idx" ON "public"."orders" USING btree ("customer_id", "status") WHERE "status" <> \'done\'']);
    const notDominant = designWith('SELECT id FROM orders WHERE status = $1 AND customer_id = $2', { partialDominantShare: 0.95 });
    assert.ok(!notDominant.candidates.some((c) => c.purpose === 'partial'));
    assert.ok(!notDominant.notes.some((n) => n.reason === 'DOMINANT_VALUE_UNKNOWN'));
  });

  it('gives DOMINANT_VALUE_UNKNOWN without production\'s values, and for a foreign key whose shadow values are synthetic', () => {
    const without = design('SELECT id FROM tickets WHERE state = $1 ORDER BY created_at LIMIT 20');
    assert.ok(!without.candidates.some((c) => c.purpose === 'partial'));
    const note = without.notes.find((n) => n.reason === 'DOMINANT_VALUE_UNKNOWN');
    assert.ok(note, JSON.stringify(without.notes));
    assert.match(note.detail, /^state: one value holds 80% of the rows; the dataset holds no production values for it/);
    const fk = designWith('SELECT id FROM tickets WHERE owner_id = $1');
    assert.ok(!fk.candidates.some((c) => c.purpose === 'partial'));
    assert.ok(fk.notes.some((n) => n.reason === 'DOMINANT_VALUE_UNKNOWN' && /foreign key/.test(n.detail)), JSON.stringify(fk.notes));
  });

  it('is recognised in an existing identical partial index, served by a full one in consolidation, and accepted by the server', async () => {
    const [partial] = designWith('SELECT id FROM tickets WHERE state = $1').candidates.filter((c) => c.purpose === 'partial');
    assert.ok(partial);
    await client.query('BEGIN');
    try {
      await client.query(renderCreateIndex(partial, false));
      const indexed = await introspectSchema(client, { mostCommonValues: true });
      await client.query('ROLLBACK');
      const again = designIndexCandidates(analyzeStatement('SELECT id FROM tickets WHERE state = $1', indexed), 'fp', OPTIONS);
      assert.ok(again.notes.some((n) => n.reason === 'ALREADY_INDEXED' && n.detail.includes(indexNameOf(partial))), JSON.stringify(again.notes));
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
    const full = designWith('SELECT id FROM tickets WHERE state = $1 AND created_at > $2').candidates.find((c) => c.predicate === null && c.keys.length === 2)!;
    const consolidated = consolidateIndexCandidates([{ ...partial, fingerprints: ['fp-p'] }, { ...full, fingerprints: ['fp-f'] }]);
    assert.deepEqual(consolidated.find((c) => c.candidate.predicate === null)!.candidate.fingerprints, ['fp-f', 'fp-p'], 'the full index serves the partial one\'s statements');
    assert.deepEqual(consolidated.find((c) => c.candidate.predicate !== null)!.candidate.fingerprints, ['fp-p'], 'not the other way round');
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
