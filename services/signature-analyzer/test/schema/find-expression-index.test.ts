import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { findExpressionIndex } from '../../src/schema/find-expression-index.js';
import { factsOf, referenceOf } from '../support/facts-of.js';
import { createSmallShopDatabase, type SmallShop } from '../support/small-shop-database.js';

let shop: SmallShop;
before(async () => {
  await loadSqlParser();
  shop = await createSmallShopDatabase();
  await shop.client.query("CREATE INDEX accounts_day_idx ON accounts (date_trunc('day', created_at AT TIME ZONE 'UTC'))");
  const { introspectSchema } = await import('@shadowtune/shared/schema-model/introspect-schema');
  (shop as { schema: unknown }).schema = await introspectSchema(shop.client);
});
after(async () => {
  await shop?.close();
});

function matching(sql: string): string | null {
  const facts = factsOf(shop.schema, sql);
  const wrapped = facts.predicates.find((p) => p.wrapper !== null)!;
  return findExpressionIndex(referenceOf(facts, 'accounts'), wrapped.wrapper!.expression, facts.predicates)?.index.name ?? null;
}

test('lower(email) matches lower((email)::text) of the index definition', () => {
  assert.equal(matching('SELECT 1 FROM accounts WHERE lower(email) = $1'), 'accounts_lower_email_idx');
  assert.equal(matching('SELECT 1 FROM accounts a WHERE lower(a.email) = lower($1)'), 'accounts_lower_email_idx');
});

test('placeholders match the constants the index was built with', () => {
  assert.equal(matching("SELECT 1 FROM accounts WHERE date_trunc($1, created_at AT TIME ZONE $2) = $3"), 'accounts_day_idx');
});

test('another function or column does not match', () => {
  assert.equal(matching('SELECT 1 FROM accounts WHERE upper(email) = $1'), null);
  assert.equal(matching('SELECT 1 FROM accounts WHERE lower(name) = $1'), null);
  assert.equal(matching('SELECT 1 FROM accounts WHERE date_trunc($1, created_at) = $2'), null);
});
