import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { collectQueryFacts } from '../../src/ast/collect-query-facts.js';
import { parseSignatureSql } from '../../src/ast/parse-signature-sql.js';
import type { QueryFacts } from '../../src/ast/query-facts.js';
import { createSmallShopDatabase, type SmallShop } from '../support/small-shop-database.js';

let shop: SmallShop;
before(async () => {
  await loadSqlParser();
  shop = await createSmallShopDatabase();
});
after(async () => {
  await shop?.close();
});

function facts(sql: string): QueryFacts {
  const parsed = parseSignatureSql(sql);
  assert.ok(parsed.ok, `parses: ${sql}`);
  return collectQueryFacts(parsed.kind, parsed.statement, shop.schema, { searchPath: ['public'] });
}

const describe = (f: QueryFacts) =>
  f.predicates.map((p) => `${p.role} ${p.column.reference.name}.${p.column.column} ${p.operator}${p.wrapper ? ` via ${p.wrapper.kind}:${p.wrapper.name}` : ''}${p.topLevel ? '' : ' (nested)'}`);

test('filters and joins with aliases, unqualified columns resolved through the FROM list', () => {
  const f = facts('SELECT a.email, kind FROM accounts a JOIN events e ON e.account_id = a.id WHERE status = $1 AND e.at > $2');
  assert.deepEqual(describe(f).sort(), ['FILTER accounts.status =', 'FILTER events.at >', 'JOIN accounts.id =', 'JOIN events.account_id ='].sort());
  assert.deepEqual(f.references.map((r) => `${r.alias}:${r.schema}.${r.name}`), ['a:public.accounts', 'e:public.events']);
  assert.deepEqual(f.projectionColumns.map((c) => c.column).sort(), ['email', 'kind']);
  assert.equal(f.parameterTypes.get(1), 'text');
  assert.equal(f.parameterTypes.get(2), 'timestamp with time zone');
});

test('functions, casts and arithmetic on a column are wrappers; varchar::text is not', () => {
  const f = facts('SELECT id FROM accounts WHERE lower(email) = $1 AND created_at::date = $2 AND id + 1 = $3 AND email::text = $4');
  assert.deepEqual(describe(f), [
    'FILTER accounts.email = via function:lower',
    'FILTER accounts.created_at = via cast:date',
    'FILTER accounts.id = via arithmetic:+',
    'FILTER accounts.email =',
  ]);
});

test('LIKE patterns: visible leading wildcard, concatenation, hidden placeholder', () => {
  const f = facts("SELECT id FROM accounts WHERE name LIKE '%' || $1 AND email LIKE $2 AND note ILIKE concat('%', $3::text) AND code LIKE 'ab%'");
  assert.deepEqual(
    f.predicates.map((p) => `${p.column.column} ${p.operator} ${p.leadingWildcard}`),
    ['name LIKE yes', 'email LIKE unknown', 'note ILIKE yes', 'code LIKE no'],
  );
  assert.equal(f.parameterTypes.get(2), 'text');
});

test('OR groups, NOT IN subqueries, EXISTS and stars are told apart', () => {
  const f = facts('SELECT * FROM accounts a WHERE (a.status = $1 OR a.code = $2) AND a.id NOT IN (SELECT account_id FROM events) AND EXISTS (SELECT * FROM events e WHERE e.account_id = a.id)');
  assert.equal(f.orGroups.length, 1);
  assert.deepEqual(f.orGroups[0]!.arms.map((arm) => arm.columns.map((c) => c.column)), [['status'], ['code']]);
  assert.equal(f.notInSubqueries.length, 1);
  assert.equal(f.notInSubqueries[0]!.column?.column, 'id');
  assert.equal(f.notInSubqueries[0]!.subqueryColumn?.reference.name, 'events');
  assert.deepEqual(f.stars.map((s) => s.inOutput), [true, false]);
  // The correlated EXISTS condition is a join between the outer accounts and the inner events.
  assert.ok(describe(f).includes('JOIN events.account_id ='));
});

test('ORDER BY, LIMIT/OFFSET constants and placeholders, aggregates', () => {
  const f = facts('SELECT id FROM accounts ORDER BY created_at DESC, id LIMIT $1 OFFSET 500');
  assert.deepEqual(f.sortKeys.map((k) => `${k.column?.column} ${k.descending ? 'desc' : 'asc'}`), ['created_at desc', 'id asc']);
  assert.deepEqual(f.limit, { kind: 'param', position: 1 });
  assert.deepEqual(f.offset, { kind: 'const', value: 500 });
  assert.equal(f.parameterTypes.get(1), 'bigint');
  assert.equal(facts('SELECT count(*) FROM accounts').aggregatesOnly, true);
  assert.equal(facts('SELECT status, count(*) FROM accounts GROUP BY status').aggregatesOnly, false);
});

test('CTE names, derived tables and unknown relations', () => {
  const f = facts('WITH live AS (SELECT id FROM accounts WHERE deleted_at IS NULL) SELECT l.id, x.n FROM live l, (SELECT 1 AS n) x, nowhere w');
  assert.deepEqual(f.references.map((r) => r.name), ['accounts', 'nowhere']);
  assert.deepEqual(f.unknownRelations, ['nowhere']);
  assert.deepEqual(describe(f), ['FILTER accounts.deleted_at IS NULL']);
});

test('unknown columns of known tables are reported; system catalogs are marked', () => {
  assert.deepEqual([...facts('SELECT a.nope FROM accounts a WHERE a.missing = $1').unknownColumns].sort(), ['a.missing', 'a.nope']);
  assert.deepEqual(facts('SELECT relname FROM pg_class').unknownRelations, ['pg_catalog.pg_class']);
});

test('UPDATE and DELETE: target and USING/FROM tables with their filters', () => {
  assert.deepEqual(describe(facts('UPDATE accounts SET note = $1 WHERE code = $2')), ['FILTER accounts.code =']);
  assert.deepEqual(describe(facts('DELETE FROM events e USING accounts a WHERE a.id = e.account_id AND a.status = $1')).sort(), [
    'FILTER accounts.status =',
    'JOIN accounts.id =',
    'JOIN events.account_id =',
  ]);
});

test('JOIN ... USING makes join predicates on both tables', () => {
  const f = facts('SELECT 1 FROM events JOIN (SELECT id AS account_id FROM accounts) s USING (account_id)');
  assert.ok(Array.isArray(f.predicates));
  const g = facts('SELECT 1 FROM accounts a1 JOIN accounts a2 USING (code)');
  assert.deepEqual(describe(g).sort(), ['JOIN accounts.code =', 'JOIN accounts.code =']);
});
