import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { findOrderIndex } from '../../src/schema/find-order-index.js';
import { factsOf, referenceOf } from '../support/facts-of.js';
import { createSmallShopDatabase, type SmallShop } from '../support/small-shop-database.js';

let shop: SmallShop;
before(async () => {
  await loadSqlParser();
  shop = await createSmallShopDatabase();
});
after(async () => {
  await shop?.close();
});

function ordering(sql: string): string | null {
  const facts = factsOf(shop.schema, sql);
  return findOrderIndex(referenceOf(facts, 'accounts'), facts.sortKeys, facts.predicates)?.index.name ?? null;
}

test('an index returns the order after the equality-pinned prefix, forward or backward', () => {
  assert.equal(ordering('SELECT id FROM accounts WHERE status = $1 ORDER BY created_at DESC LIMIT 10'), 'accounts_status_created_idx');
  assert.equal(ordering('SELECT id FROM accounts WHERE status = $1 ORDER BY created_at LIMIT 10'), 'accounts_status_created_idx');
  assert.equal(ordering('SELECT id FROM accounts ORDER BY id DESC LIMIT 10'), 'accounts_pkey');
});

test('without the prefix pinned, or with mixed directions, there is none', () => {
  assert.equal(ordering('SELECT id FROM accounts ORDER BY created_at DESC LIMIT 10'), null);
  assert.equal(ordering('SELECT id FROM accounts WHERE status IN ($1, $2) ORDER BY created_at DESC LIMIT 10'), null);
  assert.equal(ordering('SELECT id FROM accounts ORDER BY status, created_at LIMIT 10'), null);
  assert.equal(ordering('SELECT id FROM accounts ORDER BY status DESC, created_at LIMIT 10'), 'accounts_status_created_idx');
});

test('the partial index orders only queries that imply its predicate', () => {
  assert.equal(ordering('SELECT id FROM accounts WHERE deleted_at IS NULL ORDER BY created_at LIMIT 10'), 'accounts_live_created_idx');
});
