import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlanCache } from '../../src/plan/plan-cache.js';

test('one lookup per fingerprint and schema version', async () => {
  const cache = new PlanCache<string>(100);
  let calls = 0;
  const make = async () => `plan-${++calls}`;
  assert.equal(await cache.getOrCreate('a', 'v1', make), 'plan-1');
  assert.equal(await cache.getOrCreate('a', 'v1', make), 'plan-1');
  assert.equal(await cache.getOrCreate('a', 'v2', make), 'plan-2');
  assert.equal(await cache.getOrCreate('b', 'v1', make), 'plan-3');
  assert.equal(cache.hits, 1);
  assert.equal(cache.misses, 3);
});

test('bounded: cold entries are planned again, hot ones stay', async () => {
  const cache = new PlanCache<string>(2);
  let calls = 0;
  const make = async () => `plan-${++calls}`;
  for (let i = 0; i < 50; i++) {
    await cache.getOrCreate('hot', 'v', make);
    await cache.getOrCreate(`cold-${i}`, 'v', make);
    assert.ok(cache.size <= 4);
  }
  assert.equal(await cache.getOrCreate('hot', 'v', make), 'plan-1');
  assert.equal(calls, 51);
});
