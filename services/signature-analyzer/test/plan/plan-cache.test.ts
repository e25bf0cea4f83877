import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlanCache } from '../../src/plan/plan-cache.js';

test('one lookup per fingerprint and schema version; bounded; LRU', async () => {
  const cache = new PlanCache<string>(2);
  let calls = 0;
  const make = async () => `plan-${++calls}`;
  assert.equal(await cache.getOrCreate('a', 'v1', make), 'plan-1');
  assert.equal(await cache.getOrCreate('a', 'v1', make), 'plan-1');
  assert.equal(await cache.getOrCreate('a', 'v2', make), 'plan-2');
  await cache.getOrCreate('a', 'v1', make);
  await cache.getOrCreate('b', 'v1', make);
  assert.equal(cache.size, 2);
  // a@v2 was the least recently used: it was evicted.
  assert.equal(await cache.getOrCreate('a', 'v2', make), 'plan-4');
  assert.equal(cache.hits, 2);
  assert.equal(cache.misses, 4);
});
