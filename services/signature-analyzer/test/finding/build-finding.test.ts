import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configSchema, type ShadowtuneConfigInput } from '@shadowtune/shared/config/config-schema';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { examineSignature } from '../../src/examine-signature.js';
import { buildFinding } from '../../src/finding/build-finding.js';
import { createGenericPlanSource, type GenericPlanSource } from '../../src/plan/generic-plan-source.js';
import { sqlQueryOf } from '../../src/sql-query-of.js';
import { makeSignature } from '../support/make-signature.js';
import { createSmallShopDatabase, type SmallShop } from '../support/small-shop-database.js';

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

async function build(sql: string, overrides: ShadowtuneConfigInput = {}, meanMs: number | null = 3) {
  const config = configSchema.parse({ performanceThreshold: { scanCost: 300, filterCost: 300, joinCost: 600, largeTableRows: 5_000, executionTimeMs: 100 }, ...overrides });
  const signature = makeSignature(sql, { fingerprint: 'fp-build' });
  const stats = { weightedCalls: 12, records: 3, meanMs, p95Ms: meanMs, totalMs: meanMs === null ? null : meanMs * 12, rows: 12, firstSeen: 0, lastSeen: 0 };
  const outcome = await examineSignature({ signature, schema: shop.schema, config, stats, burst: null, explain: (r) => plans.explain(r) });
  assert.equal(outcome.kind, 'finding');
  if (outcome.kind !== 'finding') throw new Error('no finding');
  return buildFinding({ signature, hits: outcome.hits, facts: outcome.facts, plan: outcome.plan, stats, config, schemaVersion: shop.schema.version, revision: 3, detectedAt: 42 });
}

test('patterns most severe first; columns with roles; thresholds; plan excerpt; stats', async () => {
  const { finding } = await build('SELECT a.id, e.kind FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.note = $1 ORDER BY e.at LIMIT 10');
  assert.equal(finding.fingerprint, 'fp-build');
  assert.equal(finding.revision, 3);
  assert.equal(finding.detectedAt, 42);
  assert.equal(finding.severity, finding.patterns[0]!.severity);
  const ranks = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  const order = finding.patterns.map((p) => ranks.indexOf(p.severity));
  assert.deepEqual(order, [...order].sort((a, b) => b - a));
  const roles = new Set(finding.columns.map((c) => `${c.table}.${c.column}:${c.role}`));
  for (const expected of ['accounts.note:FILTER', 'events.account_id:JOIN', 'accounts.id:JOIN', 'events.at:SORT', 'events.kind:PROJECTION']) assert.ok(roles.has(expected), expected);
  assert.ok(finding.thresholds.every((t) => t.value >= t.threshold));
  assert.ok(finding.planExcerpt !== null && !/'[^']*'::/.test(finding.planExcerpt.replace(/'pending'|'active'/g, '')));
  assert.deepEqual(finding.stats, { calls: 12, meanMs: 3, p95Ms: 3, totalMs: 36 });
});

test('experiment: tables sized by SyntheticDataVolume (rows, or a multiple of production), columns skewed by DataSkewFactor', async () => {
  const byRows = (await build('SELECT id FROM accounts WHERE note = $1', { syntheticDataVolume: { rows: 250_000 }, dataSkewFactor: 1.5 })).finding;
  assert.deepEqual(byRows.experiment.tables, [{ schema: 'public', table: 'accounts', rows: 250_000 }]);
  assert.deepEqual(byRows.experiment.skew, [{ schema: 'public', table: 'accounts', column: 'note', factor: 1.5 }]);
  const byMultiple = (await build('SELECT id FROM accounts WHERE note = $1', { syntheticDataVolume: { productionMultiple: 3 }, dataSkewFactor: 0 })).finding;
  assert.deepEqual(byMultiple.experiment.tables, [{ schema: 'public', table: 'accounts', rows: 60_000 }]);
  assert.deepEqual(byMultiple.experiment.skew, []);
});

test('the content hash ignores revision, time and running statistics but not the problem', async () => {
  const a = await build('SELECT id FROM accounts WHERE note = $1');
  const b = await build('SELECT id FROM accounts WHERE note = $1', {}, 7);
  assert.equal(a.contentHash, b.contentHash);
  const slow = await build('SELECT id FROM accounts WHERE note = $1', {}, 500);
  assert.notEqual(slow.contentHash, a.contentHash);
  assert.ok(slow.finding.thresholds.some((t) => t.metric === 'executionTimeMs'));
  assert.equal(slow.finding.findingId, a.finding.findingId);
});
