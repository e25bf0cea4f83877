import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BurstTracker } from '../../src/stats/burst-tracker.js';

const settings = { burstWindowMs: 1_000, burstMinCalls: 20, maxKeys: 3 };

test('20 calls within a second from one session are a burst; spread calls are not', () => {
  const tracker = new BurstTracker(settings);
  let state = null;
  for (let i = 0; i < 20; i++) state = tracker.record('fp', 's1', 'web', 1_000 + i * 10, 1);
  assert.equal(state!.isBurst, true);
  assert.equal(state!.origin, 's1');
  const spread = new BurstTracker(settings);
  for (let i = 0; i < 40; i++) state = spread.record('fp', 's1', 'web', i * 100_000, 1);
  assert.equal(state!.isBurst, false);
  assert.equal(state!.callsInWindow, 1);
});

test('sessions are counted apart; without a session the application is the origin', () => {
  const tracker = new BurstTracker(settings);
  let state = null;
  for (let i = 0; i < 30; i++) state = tracker.record('fp', `s${i % 3}`, 'web', 1_000 + i, 1);
  assert.equal(state!.isBurst, false);
  for (let i = 0; i < 20; i++) state = tracker.record('fp', null, 'worker', 5_000 + i, 1);
  assert.equal(state!.isBurst, true);
  assert.equal(state!.origin, 'app:worker');
  assert.equal(tracker.record('fp', null, null, 9_000, 1), null);
});

test('sampling weights count: 2 records standing for 10 calls each', () => {
  const tracker = new BurstTracker(settings);
  tracker.record('fp', 's', null, 0, 10);
  assert.equal(tracker.record('fp', 's', null, 10, 10)!.isBurst, true);
});
