import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { findServingIndex } from '../../src/schema/find-serving-index.js';
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

function serving(sql: string, column: string, operator: string): string | null {
  const facts = factsOf(shop.schema, sql);
  return findServingIndex(referenceOf(facts, 'accounts'), column, operator, facts.predicates)?.index.name ?? null;
}

test('leading-column rule: the second key serves only after an equality on the first', () => {
  assert.equal(serving('SELECT 1 FROM accounts WHERE status = $1', 'status', '='), 'accounts_status_created_idx');
  assert.equal(serving('SELECT 1 FROM accounts WHERE status = $1 AND created_at > $2', 'created_at', '>'), 'accounts_status_created_idx');
  // created_at alone: only the partial index leads with it, and its predicate is not implied.
  assert.equal(serving('SELECT 1 FROM accounts WHERE created_at > $1', 'created_at', '>'), null);
});

test('partial index: usable when the query implies its WHERE clause', () => {
  assert.equal(serving('SELECT 1 FROM accounts WHERE created_at > $1 AND deleted_at IS NULL', 'created_at', '>'), 'accounts_live_created_idx');
});

test('operator classes: LIKE needs pattern ops or trigrams, ILIKE trigrams, <> nothing', () => {
  assert.equal(serving('SELECT 1 FROM accounts WHERE email LIKE $1', 'email', 'LIKE'), 'accounts_email_pattern_idx');
  assert.equal(serving('SELECT 1 FROM accounts WHERE code LIKE $1', 'code', 'LIKE'), null);
  assert.equal(serving('SELECT 1 FROM accounts WHERE name ILIKE $1', 'name', 'ILIKE'), 'accounts_name_trgm_idx');
  assert.equal(serving('SELECT 1 FROM accounts WHERE email ILIKE $1', 'email', 'ILIKE'), null);
  assert.equal(serving('SELECT 1 FROM accounts WHERE code <> $1', 'code', '<>'), null);
  assert.equal(serving('SELECT 1 FROM accounts WHERE code = ANY($1)', 'code', 'ANY'), 'accounts_code_idx');
});

test('an expression index does not serve the bare column', () => {
  // lower(email) is indexed; `email = $1` is served only by the pattern-ops index (equality is fine there).
  assert.equal(serving('SELECT 1 FROM accounts WHERE email = $1', 'email', '='), 'accounts_email_pattern_idx');
  assert.equal(serving('SELECT 1 FROM accounts WHERE note = $1', 'note', '='), null);
});
