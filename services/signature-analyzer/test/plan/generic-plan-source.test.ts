import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createProductionReader, type ClosableProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { createGenericPlanSource } from '../../src/plan/generic-plan-source.js';
import { walkPlan } from '../../src/plan/walk-plan.js';
import { sqlQueryOf } from '../../src/sql-query-of.js';
import { createSmallShopDatabase, type SmallShop } from '../support/small-shop-database.js';

let shop: SmallShop;
let reader: ClosableProductionReader;
before(async () => {
  shop = await createSmallShopDatabase();
  reader = await createProductionReader({ url: shop.database.url, maxConnections: 1 });
});
after(async () => {
  await reader?.close();
  await shop?.close();
});

const request = (sql: string, parameterCount: number, types: [number, string][] = []) => ({ sql, parameterCount, parameterTypes: new Map(types) });

async function preparedStatements(): Promise<number> {
  const result = await shop.client.query<{ n: string }>('SELECT count(*) AS n FROM pg_prepared_statements');
  return Number(result.rows[0]!.n);
}

test('PostgreSQL 15: a generic plan of a $n statement through PREPARE, nothing left behind', async () => {
  const source = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
  const result = await source.explain(request('SELECT id FROM accounts WHERE code = $1', 1));
  assert.ok(result.ok);
  assert.equal(result.method, 'PREPARE');
  const plan = walkPlan(result.plan);
  const scan = plan.nodes.find((n) => n.relationName === 'accounts')!;
  assert.equal(scan.indexName, 'accounts_code_idx');
  assert.match(scan.indexCond ?? '', /\$1/);
  assert.equal(await preparedStatements(), 0);
  const settings = await shop.client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
  assert.equal(settings.rows[0]!.plan_cache_mode, 'auto');
});

test('the plan is generic: a skewed value does not change it', async () => {
  const source = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
  const result = await source.explain(request('SELECT id FROM accounts WHERE status = $1 AND created_at > $2', 2));
  assert.ok(result.ok);
  const scan = walkPlan(result.plan).nodes.find((n) => n.relationName === 'accounts')!;
  // One third for the status, one third for the open range: the generic estimate.
  assert.ok(scan.planRows > 1_000 && scan.planRows < 4_000, `rows ${scan.planRows}`);
});

test('types the server cannot infer come from the columns compared with, else text', async () => {
  const prepared: string[] = [];
  const query = sqlQueryOf(shop.client);
  const source = createGenericPlanSource({
    query: (sql, params) => {
      if (sql.startsWith('PREPARE')) prepared.push(sql.slice(0, sql.indexOf(' AS ')).replace(/shadowtune_plan_\w+/, 'p'));
      return query(sql, params);
    },
  });
  // unknown + unknown is ambiguous (42725): the second attempt uses the inferred types.
  const result = await source.explain(request('SELECT id FROM accounts WHERE id = $1 + $2 AND status = $3', 3, [[1, 'bigint'], [2, 'bigint']]));
  assert.ok(result.ok, result.ok ? '' : result.detail);
  assert.deepEqual(prepared, ['PREPARE p(unknown, unknown, unknown)', 'PREPARE p(bigint, bigint, text)']);
  assert.equal(await preparedStatements(), 0);
});

test('a statement the server rejects is a result with its reason, not an exception', async () => {
  const source = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
  const missing = await source.explain(request('SELECT nope FROM accounts WHERE id = $1', 1));
  assert.equal(missing.ok, false);
  assert.match(missing.ok ? '' : missing.detail, /nope/);
  // The session is still usable.
  assert.ok((await source.explain(request('SELECT id FROM tiny', 0))).ok);
});

test('only one statement is ever pasted after PREPARE or EXPLAIN', async () => {
  const source = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
  const result = await source.explain(request('SELECT id FROM tiny; DROP TABLE tiny', 0));
  assert.equal(result.ok, false);
  const still = await shop.client.query('SELECT count(*) FROM tiny');
  assert.equal(still.rowCount, 1);
});

test('an inferred type cannot smuggle a statement into PREPARE', async () => {
  const sent: string[] = [];
  const query = sqlQueryOf(shop.client);
  const source = createGenericPlanSource({
    query: (sql, params) => {
      sent.push(sql);
      return query(sql, params);
    },
  });
  const hostile = 'int); DROP TABLE tiny; PREPARE x(int';
  await source.explain(request('SELECT id FROM accounts WHERE id = $1 + $2', 2, [[1, hostile], [2, 'bigint']]));
  assert.ok(!sent.some((sql) => sql.includes('DROP')));
  assert.ok(sent.some((sql) => /PREPARE \w+\(text, bigint\)/.test(sql)));
  const still = await shop.client.query('SELECT count(*) FROM tiny');
  assert.equal(still.rowCount, 1);
});

test('through the production read-only role (one connection): PREPARE of a read is allowed', async () => {
  const source = createGenericPlanSource({ query: (sql, params) => reader.query(sql, params) });
  const results = await Promise.all([
    source.explain(request('SELECT id FROM accounts WHERE email = $1', 1)),
    source.explain(request('SELECT e.id FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.code = $1', 1)),
  ]);
  assert.ok(results.every((r) => r.ok));
  // A write cannot even be prepared there: a reason, not a crash.
  const write = await source.explain(request('UPDATE accounts SET note = $1 WHERE id = $2', 2));
  assert.equal(write.ok, false);
});

test('PostgreSQL 16+ path: EXPLAIN (GENERIC_PLAN) is what gets sent', async () => {
  const sent: string[] = [];
  const query = sqlQueryOf(shop.client);
  const source = createGenericPlanSource({
    serverVersionNum: 160_000,
    query: (sql, params) => {
      sent.push(sql);
      return query(sql, params);
    },
  });
  const result = await source.explain(request('SELECT id FROM accounts WHERE code = $1', 1));
  // This server is 15: it refuses the option, which proves the 16+ statement was used.
  assert.equal(result.ok, false);
  assert.ok(sent.some((sql) => sql.startsWith('EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) SELECT')));
  assert.ok(!sent.some((sql) => sql.startsWith('PREPARE')));
});
