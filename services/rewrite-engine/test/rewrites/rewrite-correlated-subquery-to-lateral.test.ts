import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parse, type SelectFromStatement } from 'pgsql-ast-parser';
import { measureRequest } from '@shadowtune/bench-runner/measure/measure-request';
import type { BenchRequest } from '@shadowtune/shared/contracts/generated-types';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { generateRewrites } from '../../src/rewrites/generate-rewrites.js';
import { rewriteCorrelatedSubqueryToLateral } from '../../src/rewrites/rewrite-correlated-subquery-to-lateral.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let model: SchemaModel;

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_lateral');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Orders 151..200 have no lines, some customer_ids are NULL or match no customer, amounts
  // and names repeat and are sometimes NULL; lines' created_at never tie within an order.
  await client.query(`CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE, name text, region int NOT NULL);
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int, email text, status text NOT NULL, created_at timestamptz NOT NULL);
    CREATE TABLE lines (id int PRIMARY KEY, order_id int, line_no int NOT NULL, amount numeric, created_at timestamptz NOT NULL, UNIQUE (order_id, line_no));
    CREATE TABLE tags (code int, label text);
    INSERT INTO customers SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'c' || g || '@x' END, CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || (g % 5) END, g % 4 FROM generate_series(1, 50) g;
    INSERT INTO orders SELECT g, CASE WHEN g % 9 = 0 THEN NULL WHEN g % 11 = 0 THEN 999 ELSE g % 50 + 1 END, CASE WHEN g % 5 = 0 THEN NULL ELSE 'c' || (g % 60) || '@x' END,
      CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END, timestamptz '2025-01-01' + g * interval '1 hour' FROM generate_series(1, 200) g;
    INSERT INTO lines SELECT g, CASE WHEN g % 50 = 0 THEN NULL ELSE (g * 7) % 150 + 1 END, g, CASE WHEN g % 6 = 0 THEN NULL ELSE g % 13 END,
      timestamptz '2025-01-01' + g * interval '7 minutes' FROM generate_series(1, 500) g;
    INSERT INTO tags SELECT g, 'tag' || (g % 4) FROM generate_series(1, 60) g;
    ANALYZE;`);
  model = await introspectSchema(client);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

const lateral = (sql: string) => generateRewrites(sql, model, 2).rewrites.find((r) => r.rule === 'correlated-subquery-to-lateral');
const skipOf = (sql: string) => {
  const outcome = rewriteCorrelatedSubqueryToLateral(parse(sql)[0] as SelectFromStatement, model);
  return outcome?.kind === 'skip' ? `${outcome.skip.reason}: ${outcome.skip.detail}` : outcome?.kind ?? 'none';
};

/** Rows of both statements as sorted multisets, and their column names, which must match too. */
async function same(original: string, rewritten: string, params: unknown[] = []): Promise<number> {
  const run = async (sql: string) => {
    const result = await client.query({ text: sql, values: params, rowMode: 'array' });
    return { rows: result.rows.map((r) => JSON.stringify(r)).sort(), names: result.fields.map((f) => f.name) };
  };
  const [a, b] = [await run(original), await run(rewritten)];
  assert.deepEqual(b.names, a.names, 'output column names');
  assert.deepEqual(b.rows, a.rows);
  return a.rows.length;
}

describe('rewriteCorrelatedSubqueryToLateral', () => {
  it('moves a LIMIT 1 subquery into LEFT JOIN LATERAL … ON true, keeping rows, NULLs for orders without lines, and the column name', async () => {
    const sql = 'SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id ORDER BY l.created_at DESC LIMIT 1) AS last_amount FROM orders o WHERE o.status = $1';
    const result = generateRewrites(sql, model, 1);
    assert.deepEqual(result.rewrites.map((r) => r.rule), ['correlated-subquery-to-lateral']);
    assert.deepEqual(result.skips, [], 'the grouped join\'s refusal is no news once LATERAL is a candidate');
    const rewrite = result.rewrites[0]!;
    assert.equal(rewrite.advisory, false);
    assert.equal(
      rewrite.sql.replace(/\s+/g, ' ').trim(),
      'SELECT o .id , sq1 .last_amount FROM orders AS o LEFT JOIN LATERAL (SELECT l .amount AS last_amount FROM lines AS l WHERE (l .order_id = o .id) ORDER BY l .created_at DESC LIMIT (1)) AS sq1 ON (true) WHERE (o .status = ($1))',
    );
    for (const status of ['open', 'done']) assert.ok((await same(sql, rewrite.sql, [status])) > 60);
    const nulls = await client.query(`${rewrite.sql.replace('($1)', "'open'")}`);
    assert.ok(nulls.rows.some((r: { id: number; last_amount: unknown }) => r.id > 150 && r.last_amount === null), 'orders without lines keep their row, with NULL');
  });

  it('offers LATERAL as a second candidate after the grouped join, both equal to the original', async () => {
    const sql = 'SELECT o.id, (SELECT count(*) FROM lines l WHERE l.order_id = o.id), (SELECT max(l2.amount) FROM lines l2 WHERE l2.order_id = o.id) AS top FROM orders o';
    const result = generateRewrites(sql, model, 0);
    assert.deepEqual(result.rewrites.map((r) => r.rule), ['correlated-subquery-to-join', 'correlated-subquery-to-lateral']);
    assert.match(result.rewrites[1]!.sql, /^SELECT o \.id , sq1 \.count , sq2 \.top +FROM .* LEFT JOIN LATERAL \(SELECT \(count \(\*\) \) AS count .*\) +AS sq1 ON \(true\) +LEFT JOIN LATERAL \(SELECT \(max \(l2 \.amount\) \) AS top .*\) +AS sq2 ON \(true\)$/);
    for (const rewrite of result.rewrites) assert.equal(await same(sql, rewrite.sql), 200);
  });

  it('takes the aggregate shapes the grouped join refuses: non-equality correlation, FILTER, an expression of aggregates', async () => {
    for (const sql of [
      'SELECT o.id, (SELECT sum(l.amount) FROM lines l WHERE l.order_id = o.id AND l.created_at < o.created_at) AS before_order FROM orders o',
      'SELECT o.id, (SELECT count(*) FILTER (WHERE l.amount IS NULL) FROM lines l WHERE l.order_id = o.id) FROM orders o',
      'SELECT o.id, (SELECT coalesce(sum(l.amount), 0) + count(*) FROM lines l WHERE l.order_id = o.id) AS score FROM orders o WHERE o.status = \'done\'',
    ]) {
      const rewrite = lateral(sql);
      assert.ok(rewrite, sql);
      assert.match(rewrite.sql, /LEFT JOIN LATERAL/);
      assert.ok((await same(sql, rewrite.sql)) > 100, sql);
    }
  });

  it('proves one row by equality on a primary key or a unique column, through a chain of joins', async () => {
    for (const sql of [
      'SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) FROM orders o',
      'SELECT o.id, (SELECT c.region FROM customers c WHERE c.email = o.email AND c.name IS NOT NULL) AS region FROM orders o',
      'SELECT o.id, l.id AS line, (SELECT l2.amount FROM lines l2 WHERE l2.order_id = l.order_id AND l2.line_no = l.line_no - 7) AS prev FROM orders o JOIN lines l ON l.order_id = o.id',
      'SELECT DISTINCT (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS name FROM orders o LEFT JOIN customers c2 ON c2.id = o.customer_id ORDER BY name LIMIT 5',
    ]) {
      const rewrite = lateral(sql);
      assert.ok(rewrite, sql);
      assert.ok((await same(sql, rewrite.sql)) >= 5, sql);
    }
    const sql = 'SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) FROM orders o';
    assert.match(lateral(sql)!.sql, /SELECT o \.id , sq1 \.name {2}FROM/, 'unaliased: named after the subquery\'s column, as PostgreSQL names it');
  });

  it('gives each subquery its own alias, clear of the statement\'s names, and keeps names a bare reference could capture', async () => {
    const sql = `SELECT sq1.id, (SELECT c.name FROM customers c WHERE c.id = sq1.customer_id) AS who,
        coalesce((SELECT sum(l.amount) FROM lines l WHERE l.order_id = sq1.id), 0),
        (SELECT l.amount FROM lines l WHERE l.order_id = sq1.id ORDER BY l.created_at LIMIT 1) AS first_amount
      FROM orders sq1 WHERE sq1.id > $1 ORDER BY first_amount NULLS FIRST, sq1.id LIMIT 40`;
    const rewrite = lateral(sql)!;
    assert.match(rewrite.sql, /AS sq2 ON .* AS sq3 ON .* AS sq4 ON/);
    assert.doesNotMatch(rewrite.sql, /AS sq1 ON/);
    // ORDER BY first_amount names the output column; the joined column is named apart from it.
    assert.match(rewrite.sql, /sq4 \.sq4_value AS first_amount/);
    assert.match(rewrite.sql, /\(coalesce \(sq3 \.sum, \(0\)\) \) , /, 'the enclosing call still names the column');
    assert.equal(await same(sql, rewrite.sql, [20]), 40);
  });

  it('refuses subqueries that may return several rows, with SCALAR_SUBQUERY_NOT_SINGLE_ROW', () => {
    for (const sql of [
      'SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id) FROM orders o',
      'SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id ORDER BY l.id LIMIT $1) FROM orders o',
      'SELECT o.id, (SELECT max(l.amount) FROM lines l WHERE l.order_id = o.id GROUP BY l.line_no) FROM orders o',
      'SELECT o.id, (SELECT generate_series(1, count(*)) FROM lines l WHERE l.order_id = o.id) FROM orders o',
      'SELECT o.id, (SELECT count(*) OVER () FROM lines l WHERE l.order_id = o.id) FROM orders o',
      'SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id AND l.line_no > 3) FROM orders o',
      'SELECT o.id, (SELECT t.label FROM tags t WHERE t.code = o.id) FROM orders o',
      'SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id OR c.id = o.id) FROM orders o',
    ]) {
      assert.match(skipOf(sql), /^SCALAR_SUBQUERY_NOT_SINGLE_ROW: /, sql);
      assert.deepEqual(generateRewrites(sql, model, 1).rewrites, [], sql);
    }
  });

  it('refuses the other unsafe shapes with REWRITE_NOT_SAFE and says which', () => {
    const cases: [string, RegExp][] = [
      ['SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id ORDER BY random() LIMIT 1) FROM orders o', /volatile function random/],
      ['SELECT o.id FROM orders o WHERE o.customer_id = (SELECT max(l.line_no) FROM lines l WHERE l.order_id = o.id)', /outside the select list/],
      ['SELECT o.id FROM orders o ORDER BY (SELECT max(l.amount) FROM lines l WHERE l.order_id = o.id)', /outside the select list/],
      ['SELECT o.status, (SELECT count(*) FROM customers c WHERE c.region = min(o.id)) FROM orders o GROUP BY o.status', /outer statement groups/],
      ['SELECT o.customer_id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) FROM orders o GROUP BY o.customer_id', /outer statement groups/],
      ['SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) FROM orders o, lines l WHERE l.order_id = o.id', /comma-separated FROM/],
      ['SELECT o.id, CASE WHEN o.status = $1 THEN (SELECT c.name FROM customers c WHERE c.id = o.customer_id) END FROM orders o', /under CASE/],
      ['SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) FROM orders o FOR UPDATE', /locks rows/],
      ['SELECT o.id, (SELECT max(o.id) FROM lines l LIMIT 1) FROM orders o', /reads only outer columns/],
      ['SELECT o.id, (SELECT 1::int FROM lines l WHERE l.order_id = o.id LIMIT 1) FROM orders o', /name could not be kept/],
    ];
    for (const [sql, detail] of cases) {
      assert.match(skipOf(sql), new RegExp(`^REWRITE_NOT_SAFE: .*${detail.source}`), sql);
    }
    assert.equal(skipOf('SELECT o.id, (SELECT l.amount::int FROM lines l WHERE l.order_id = o.id LIMIT 1) FROM orders o'), 'rewrite', 'a cast keeps its operand\'s name');
    assert.equal(skipOf('SELECT o.id, (SELECT count(*) FROM customers) FROM orders o'), 'none', 'an uncorrelated subquery runs once already');
  });

  it('rewrites the safe subqueries of a statement and leaves the others as they were', async () => {
    const sql = 'SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS who, (SELECT l.amount FROM lines l WHERE l.order_id = o.id AND l.amount = 7) AS seven FROM orders o';
    const rewrite = lateral(sql)!;
    assert.match(rewrite.rationale, /1 other subquery was left as it was/);
    assert.match(rewrite.sql, /\(SELECT l \.amount +FROM lines +AS l .*\) AS seven/);
    assert.equal(await same(sql, rewrite.sql), 200);
  });
});

describe('a LATERAL rewrite on the bench', () => {
  const bench = (original: string, candidates: Record<string, string>) => {
    const request: BenchRequest = {
      requestId: 'lateral',
      fingerprint: 'fp',
      datasetId: null,
      variants: [
        { variantId: 'baseline', kind: 'BASELINE', setupSql: [], teardownSql: [], querySql: original },
        ...Object.entries(candidates).map(([variantId, querySql]) => ({ variantId, kind: 'REWRITE' as const, setupSql: [], teardownSql: [], querySql })),
      ],
      guards: [],
      runs: 1,
      warmupRuns: 0,
      statementTimeoutMs: 10_000,
      requestedAt: 0,
      checkEquivalence: true,
      measureWriteCost: false,
      findingIds: [],
      parameterHints: {},
    };
    const options = { parameterSetsPerClass: 2, heavyHitterValues: 2, limitValue: 20, offsetValue: 0, adversarialRows: 5, writeCostRows: 10, writeCostRepeats: 1, lockTimeoutMs: 2_000, setupTimeoutMs: 10_000, largeTableRows: 10_000, guardRuns: 1 };
    return measureRequest(client, request, options);
  };

  it('passes the equivalence check, adversarial rows included, where a LATERAL join on a key that is not unique fails it', async () => {
    const original = 'SELECT o.id, (SELECT l.amount FROM lines l WHERE l.order_id = o.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1) AS last_amount, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS who FROM orders o WHERE o.status = $1';
    const rewrite = lateral(original)!;
    const safe = (await bench(original, { lateral: rewrite.sql })).equivalence.find((e) => e.variantId === 'lateral')!;
    assert.ok(safe.comparisons >= 2);
    assert.equal(safe.mismatches, 0, safe.detail ?? '');

    // tags.code is unique in the data as loaded but not declared so: the rule refuses, and the bench shows why.
    const unkeyed = 'SELECT o.id, (SELECT t.label FROM tags t WHERE t.code = o.id) AS label FROM orders o WHERE o.status = $1';
    assert.match(skipOf(unkeyed), /^SCALAR_SUBQUERY_NOT_SINGLE_ROW/);
    const forced = 'SELECT o.id, sq1.label FROM orders o LEFT JOIN LATERAL (SELECT t.label FROM tags t WHERE t.code = o.id) AS sq1 ON true WHERE o.status = $1';
    assert.equal(await same(unkeyed, forced, ['open']), 66, 'equal on the data as loaded');
    const wrong = (await bench(unkeyed, { forced })).equivalence.find((e) => e.variantId === 'forced')!;
    assert.ok(wrong.mismatches > 0);
    assert.match(wrong.detail ?? '', /adversarial data/);
  });
});
