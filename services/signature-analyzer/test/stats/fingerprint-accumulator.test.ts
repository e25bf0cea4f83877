import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerprintAccumulator } from '../../src/stats/fingerprint-accumulator.js';
import type { Observation } from '../../src/stats/observation.js';

const settings = { windowMs: 60_000, windowCount: 3, sketchMaxBuckets: 64, maxBreakdownKeys: 2 };
const T0 = Date.UTC(2026, 0, 1);

function observation(at: number, meanMs: number | null, overrides: Partial<Observation> = {}): Observation {
  return { observedAt: at, weightedCalls: 1, meanMs, weightedTotalMs: meanMs, weightedRows: 1, database: 'shop', application: 'web', ...overrides };
}

test('weighted calls, mean, p95, rows, first and last seen', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  for (let i = 0; i < 100; i++) acc.add(observation(T0 + i, i < 95 ? 10 : 100));
  // A sampled record standing for 10 calls of 20 ms each.
  acc.add(observation(T0 + 200, 20, { weightedCalls: 10, weightedTotalMs: 200, weightedRows: 10 }));
  const summary = acc.summary();
  assert.equal(summary.weightedCalls, 110);
  assert.equal(summary.records, 101);
  assert.equal(summary.rows, 110);
  assert.ok(Math.abs(summary.meanMs! - (95 * 10 + 5 * 100 + 200) / 110) < 1e-9);
  assert.ok(Math.abs(summary.p95Ms! - 20) / 20 < 0.011, `p95 ${summary.p95Ms}`);
  assert.equal(summary.firstSeen, T0);
  assert.equal(summary.lastSeen, T0 + 200);
});

test('windows slide: only windowCount windows are kept; lifetime calls keep counting', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  for (let w = 0; w < 5; w++) acc.add(observation(T0 + w * 60_000, 10));
  const snapshot = acc.snapshot();
  assert.deepEqual(snapshot.windows.map((w) => (w.start - T0) / 60_000), [2, 3, 4]);
  assert.equal(snapshot.lifetimeCalls, 5);
  assert.equal(acc.summary().weightedCalls, 3);
  // A late record for a window still kept lands in it; an older one only counts in the lifetime total.
  acc.add(observation(T0 + 2 * 60_000 + 5, 10));
  acc.add(observation(T0, 10));
  assert.equal(acc.snapshot().windows[0]!.records, 2);
  assert.equal(acc.summary().weightedCalls, 4);
  assert.equal(acc.snapshot().lifetimeCalls, 7);
});

test('records without a duration count calls but not time', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  acc.add(observation(T0, null, { weightedTotalMs: null }));
  const summary = acc.summary();
  assert.equal(summary.weightedCalls, 1);
  assert.equal(summary.meanMs, null);
  assert.equal(summary.p95Ms, null);
});

test('per (database, application) breakdown is bounded; the rest is summed as other', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  for (const application of ['a', 'b', 'c', 'd']) acc.add(observation(T0, 1, { application }));
  const breakdown = acc.snapshot().breakdown;
  assert.ok(breakdown.length <= settings.maxBreakdownKeys + 1);
  assert.equal(breakdown.reduce((s, b) => s + b.weightedCalls, 0), 4);
  assert.ok(breakdown.some((b) => b.application === '(other)' && b.weightedCalls === 2));
});

test('regression samples: the newest window against the older ones', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  for (let i = 0; i < 10; i++) acc.add(observation(T0 + i, 10));
  for (let i = 0; i < 5; i++) acc.add(observation(T0 + 60_000 + i, 40));
  const { baseline, recent, recentWindow } = acc.regressionSamples();
  assert.equal(baseline.count, 10);
  assert.equal(recent.count, 5);
  assert.equal(recentWindow, T0 + 60_000);
  assert.ok(Math.abs(Math.exp(recent.mean - baseline.mean) - 4) < 1e-9);
});

test('a snapshot restores to the same state', () => {
  const acc = new FingerprintAccumulator('fp', settings);
  for (let i = 0; i < 50; i++) acc.add(observation(T0 + i * 1000, 5 + (i % 7)));
  const restored = new FingerprintAccumulator('fp', settings, JSON.parse(JSON.stringify(acc.snapshot())));
  assert.deepEqual(restored.summary(), acc.summary());
  assert.equal(restored.dirty, false);
});
