import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { generateRewrites } from '../../src/rewrites/generate-rewrites.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let model: SchemaModel;

before(async () => {
  database = await createTestDatabase('st_rewrites');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, email text, status text NOT NULL, created_at timestamptz NOT NULL, ref int);
    CREATE TABLE payments (id int PRIMARY KEY, order_id int NOT NULL, amount numeric NOT NULL);
    INSERT INTO orders SELECT g, g % 10, CASE WHEN g % 4 = 0 THEN NULL ELSE 'e' || (g % 7) END, CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END,
      timestamptz '2024-12-30' + g * interval '5 hours', CASE WHEN g % 5 = 0 THEN NULL ELSE g END FROM generate_series(1, 400) g;
    INSERT INTO payments SELECT g, (g * 7) % 300 + 1, g FROM generate_series(1, 500) g;`);
  model = await introspectSchema(client);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

const rules = (sql: string, parameters = 3) => generateRewrites(sql, model, parameters);

/** Rows of both statements for the same parameters, as sorted multisets. */
async function same(original: string, rewritten: string, params: unknown[]): Promise<void> {
  const run = async (sql: string) => (await client.query({ text: sql, values: params, rowMode: 'array' })).rows.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(await run(rewritten), await run(original));
}

describe('generateRewrites', () => {
  it('splits OR across columns with UNION when the primary key is in the output, UNION ALL made disjoint otherwise', async () => {
    const keyed = 'SELECT id, status FROM orders WHERE customer_id = $1 OR email = $2';
    const [union] = rules(keyed).rewrites;
    assert.equal(union!.rule, 'or-to-union');
    assert.match(union!.sql, / UNION \(/);
    await same(keyed, union!.sql, [3, 'e3']);
    const unkeyed = 'SELECT status FROM orders WHERE customer_id = $1 OR email = $2';
    const [all] = rules(unkeyed).rewrites;
    assert.match(all!.sql, / UNION ALL .* IS NOT TRUE/);
    await same(unkeyed, all!.sql, [3, 'e3']);
  });

  it('turns NOT IN into NOT EXISTS only when no column can be NULL, and says why not', async () => {
    const safe = 'SELECT o.id FROM orders o WHERE o.id NOT IN (SELECT p.order_id FROM payments p WHERE p.amount > $1)';
    const result = rules(safe);
    assert.equal(result.rewrites[0]!.rule, 'not-in-to-not-exists');
    await same(safe, result.rewrites[0]!.sql, [100]);
    const nullable = rules('SELECT o.id FROM orders o WHERE o.ref NOT IN (SELECT p.order_id FROM payments p)');
    assert.deepEqual(nullable.rewrites, []);
    assert.deepEqual(nullable.skips.map((s) => `${s.rule}:${s.reason}:${s.detail}`), ['not-in-to-not-exists:NOT_IN_NULLABLE:o.ref may be NULL']);
  });

  it('turns IN (subquery) into EXISTS with the correlation qualified', async () => {
    const sql = 'SELECT id FROM orders WHERE id IN (SELECT order_id FROM payments WHERE amount > $1)';
    const [rewrite] = rules(sql).rewrites;
    assert.equal(rewrite!.rule, 'in-subquery-to-exists');
    assert.match(rewrite!.sql, /exists/i);
    await same(sql, rewrite!.sql, [250]);
  });

  it('turns a date wrapped in a function into a range on the column', async () => {
    for (const [sql, params] of [
      ['SELECT id FROM orders WHERE date(created_at) = $1 AND status = $2', ['2025-01-03', 'open']],
      ['SELECT id FROM orders WHERE created_at::date >= $1', ['2025-02-01']],
      ['SELECT id FROM orders WHERE $1 > created_at::date', ['2025-01-10']],
      ['SELECT id FROM orders WHERE extract(year from created_at) = $1', [2025]],
    ] as const) {
      const [rewrite] = rules(sql).rewrites;
      assert.equal(rewrite?.rule, 'date-predicate-to-range', sql);
      assert.doesNotMatch(rewrite!.sql, /date \(created_at\)|created_at::date|EXTRACT/i);
      await same(sql, rewrite!.sql, [...params]);
    }
  });

  it('turns a correlated aggregate subquery into a grouped LEFT JOIN, keeping count at 0 and the column names', async () => {
    const sql = 'SELECT o.id, (SELECT count(*) FROM payments p WHERE p.order_id = o.id) AS n, (SELECT max(p2.amount) FROM payments p2 WHERE p2.order_id = o.id) FROM orders o WHERE o.status = $1';
    const [rewrite] = rules(sql).rewrites;
    assert.equal(rewrite!.rule, 'correlated-subquery-to-join');
    await same(sql, rewrite!.sql, ['open']);
    const names = (await client.query(rewrite!.sql, ['open'])).fields.map((f) => f.name);
    assert.deepEqual(names, ['id', 'n', 'max']);
    const inner = 'SELECT o.id, (SELECT sum(p.amount) AS paid FROM payments p WHERE p.order_id = o.id) FROM orders o';
    const [named] = rules(inner).rewrites;
    assert.deepEqual((await client.query(named!.sql)).fields.map((f) => f.name), ['id', 'paid'], 'the subquery\'s own alias names the column');
    await same(inner, named!.sql, []);
  });

  it('advises keyset pagination for a deep OFFSET, never as a deployable rewrite', async () => {
    const result = rules('SELECT id, created_at FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3');
    const advice = result.rewrites.find((r) => r.rule === 'keyset-pagination')!;
    assert.equal(advice.advisory, true);
    assert.match(advice.sql, /\(created_at, orders \.id\) < \(\(\$3\), \(\$4\)\)/);
    assert.doesNotMatch(advice.sql, /OFFSET/);
    const page = await client.query(advice.sql, ['open', 10, '2025-01-05', 3]);
    assert.ok(page.rows.length > 0);
  });

  it('gives nothing for a statement no rule applies to, and names what the rewriter cannot read', () => {
    assert.deepEqual(rules('SELECT id FROM orders WHERE customer_id = $1'), { rewrites: [], skips: [] });
    assert.deepEqual(rules('SELECT id FROM orders WHERE email IS NOT DISTINCT FROM $1').skips.map((s) => s.reason), ['REWRITE_PARSER_UNSUPPORTED']);
  });
});
