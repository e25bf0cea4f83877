import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FingerprintStatsStore } from '../../src/stats/fingerprint-stats-store.js';
import { createCatalogDatabase, type CatalogDatabase } from '../support/catalog-database.js';

const settings = { windowMs: 60_000, windowCount: 4, sketchMaxBuckets: 64, maxBreakdownKeys: 4, maxTrackedFingerprints: 10 };
const T0 = Date.UTC(2026, 0, 1);
let catalog: CatalogDatabase;

before(async () => {
  catalog = await createCatalogDatabase();
});
after(async () => {
  await catalog?.close();
});

function observe(store: FingerprintStatsStore, fingerprint: string, ms: number) {
  return store.track(fingerprint).then(({ accumulator, isNew }) => {
    accumulator.add({ observedAt: T0, weightedCalls: 2, meanMs: ms, weightedTotalMs: 2 * ms, weightedRows: 2, database: 'db', application: 'app' });
    return isNew;
  });
}

test('memory stays bounded with many fingerprints; evicted ones come back from the catalog', async () => {
  const store = new FingerprintStatsStore(settings, catalog.query);
  for (let i = 0; i < 100; i++) assert.equal(await observe(store, `fp-${i}`, i + 1), true);
  assert.ok(store.residentCount <= settings.maxTrackedFingerprints);
  await store.flush();
  const persisted = await catalog.query<{ n: string }>('SELECT count(*) AS n FROM shadowtune.signature_stats');
  assert.equal(Number(persisted.rows[0]!.n), 100);
  // fp-0 was evicted long ago: it is known (not new) and keeps its counts.
  assert.equal(await observe(store, 'fp-0', 1), false);
  const { accumulator } = await store.track('fp-0');
  assert.equal(accumulator.summary().weightedCalls, 4);
});

test('statistics survive a restart (a new store on the same catalog)', async () => {
  const first = new FingerprintStatsStore(settings, catalog.query);
  await observe(first, 'restart-fp', 7);
  await observe(first, 'restart-fp', 9);
  await first.flush();
  const second = new FingerprintStatsStore(settings, catalog.query);
  const { accumulator, isNew } = await second.track('restart-fp');
  assert.equal(isNew, false);
  const summary = accumulator.summary();
  assert.equal(summary.weightedCalls, 4);
  assert.equal(summary.meanMs, 8);
  const row = await catalog.query<{ window_calls: number; mean_ms: number; p95_ms: number }>(
    'SELECT window_calls, mean_ms, p95_ms FROM shadowtune.signature_stats WHERE fingerprint = $1',
    ['restart-fp'],
  );
  assert.equal(row.rows[0]!.window_calls, 4);
  assert.equal(row.rows[0]!.mean_ms, 8);
  assert.ok(Math.abs(row.rows[0]!.p95_ms - 9) / 9 < 0.011);
});

test('flush writes only what changed', async () => {
  const store = new FingerprintStatsStore(settings, catalog.query);
  await observe(store, 'flush-fp', 3);
  assert.equal(await store.flush(), 1);
  assert.equal(await store.flush(), 0);
});

test('without a catalog nothing is persisted and evicted fingerprints are forgotten', async () => {
  const store = new FingerprintStatsStore({ ...settings, maxTrackedFingerprints: 2 }, null);
  for (const fp of ['a', 'b', 'c']) await observe(store, fp, 1);
  assert.equal(store.residentCount, 2);
  assert.equal(await observe(store, 'a', 1), true);
});
