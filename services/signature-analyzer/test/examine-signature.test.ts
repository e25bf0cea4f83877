import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { examineSignature } from '../src/examine-signature.js';
import { createGenericPlanSource, type GenericPlanSource } from '../src/plan/generic-plan-source.js';
import { sqlQueryOf } from '../src/sql-query-of.js';
import { makeSignature } from './support/make-signature.js';
import { createSmallShopDatabase, type SmallShop } from './support/small-shop-database.js';

const config = configSchema.parse({ performanceThreshold: { scanCost: 300, filterCost: 300, joinCost: 600, largeTableRows: 5_000 } });
let shop: SmallShop;
let plans: GenericPlanSource;

before(async () => {
  await loadSqlParser();
  shop = await createSmallShopDatabase();
  plans = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
});
after(async () => {
  await shop?.close();
});

async function examine(sql: string, options: { plans?: boolean; plan?: string | null; meanMs?: number } = {}) {
  return examineSignature({
    signature: makeSignature(sql, { plan: options.plan ?? null }),
    schema: shop.schema,
    config,
    stats: options.meanMs === undefined ? null : { weightedCalls: 1, records: 1, meanMs: options.meanMs, p95Ms: options.meanMs, totalMs: options.meanMs, rows: 1, firstSeen: 0, lastSeen: 0 },
    burst: null,
    explain: options.plans === false ? null : (request) => plans.explain(request),
  });
}

async function reasonOf(sql: string, options?: Parameters<typeof examine>[1]): Promise<string> {
  const outcome = await examine(sql, options);
  assert.equal(outcome.kind, 'silent', `${sql}: ${outcome.kind === 'finding' ? outcome.hits.map((h) => h.pattern).join(',') : ''}`);
  return outcome.kind === 'silent' ? outcome.reason : '';
}

test('malformed, non-query and unsupported statements get reasons, not exceptions', async () => {
  assert.equal(await reasonOf('SELEC * FRM accounts'), 'NOT_PARSABLE');
  assert.equal(await reasonOf("SELECT 'unterminated"), 'NOT_PARSABLE');
  assert.equal(await reasonOf('\u0000\u0001garbage'), 'NOT_PARSABLE');
  assert.equal(await reasonOf(''), 'NOT_A_QUERY');
  assert.equal(await reasonOf('COMMIT'), 'NOT_A_QUERY');
  assert.equal(await reasonOf('ALTER TABLE accounts ADD COLUMN x int'), 'NOT_A_QUERY');
  assert.equal(await reasonOf('INSERT INTO tiny VALUES ($1, $2)'), 'UNSUPPORTED_STATEMENT');
  assert.equal(await reasonOf('SELECT $1, now()'), 'NO_TABLES');
});

test('unknown tables and columns, and system catalogs', async () => {
  assert.equal(await reasonOf('SELECT id FROM nowhere WHERE id = $1'), 'UNKNOWN_TABLE');
  assert.equal(await reasonOf('SELECT a.id FROM accounts a JOIN elsewhere e ON e.id = a.id'), 'UNKNOWN_TABLE');
  assert.equal(await reasonOf('SELECT a.nope FROM accounts a'), 'UNKNOWN_COLUMN');
  assert.equal(await reasonOf('SELECT relname FROM pg_class WHERE oid = $1'), 'SYSTEM_CATALOG');
});

test('no plan: the statement alone still shows its patterns, else NO_PLAN', async () => {
  const finding = await examine("SELECT id FROM accounts WHERE note LIKE '%' || $1", { plans: false });
  assert.equal(finding.kind, 'finding');
  assert.deepEqual(finding.kind === 'finding' ? finding.hits.map((h) => h.pattern) : [], ['LEADING_WILDCARD_LIKE']);
  assert.equal(await reasonOf('SELECT id FROM accounts WHERE note = $1', { plans: false }), 'NO_PLAN');
});

test("without a plan source, auto_explain's plan from the signature is used", async () => {
  const autoExplain = JSON.stringify({
    Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'accounts', Alias: 'accounts', 'Startup Cost': 0, 'Total Cost': 900, 'Plan Rows': 2, 'Plan Width': 8, Filter: '(note = $1)' },
  });
  const outcome = await examine('SELECT id FROM accounts WHERE note = $1', { plans: false, plan: autoExplain });
  assert.equal(outcome.kind, 'finding');
  assert.deepEqual(outcome.kind === 'finding' ? outcome.hits.map((h) => h.pattern).sort() : [], ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX']);
});

test('clean statements say why: small table, already indexed, scan required, below threshold, no pattern', async () => {
  assert.equal(await reasonOf('SELECT label FROM tiny WHERE label = $1'), 'SMALL_TABLE');
  assert.equal(await reasonOf('SELECT id FROM accounts WHERE code = $1'), 'ALREADY_INDEXED');
  assert.equal(await reasonOf('SELECT count(*) FROM events'), 'SCAN_REQUIRED');
  assert.equal(await reasonOf('SELECT e.id FROM events e WHERE e.id = $1'), 'ALREADY_INDEXED');
  assert.equal(await reasonOf('SELECT count(*) FROM events', { meanMs: 5_000 }), 'SCAN_REQUIRED');
  assert.equal(await reasonOf('SELECT id, kind FROM events WHERE id BETWEEN $1 AND $2 LIMIT 50', { meanMs: 5_000 }), 'ALREADY_INDEXED');
});

test('a finding carries patterns with details naming table and column', async () => {
  const outcome = await examine('SELECT id FROM accounts WHERE note = $1');
  assert.equal(outcome.kind, 'finding');
  if (outcome.kind !== 'finding') return;
  for (const hit of outcome.hits) {
    assert.match(hit.detail, /accounts/);
    assert.match(hit.detail, /note/);
  }
});
