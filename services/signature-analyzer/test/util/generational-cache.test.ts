import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationalCache } from '../../src/util/generational-cache.js';

test('holds at most twice its capacity and drops the least recently used generation', () => {
  const dropped: string[] = [];
  const cache = new GenerationalCache<string, number>(2, (key) => dropped.push(key));
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('c', 3); // a, b become old
  assert.equal(cache.get('a'), 1); // a promoted to young
  cache.set('d', 4); // young {c, a} full → old; {b} dropped
  assert.deepEqual(dropped, ['b']);
  assert.equal(cache.has('b'), false);
  assert.deepEqual([cache.get('a'), cache.get('c'), cache.get('d')], [1, 3, 4]);
  assert.ok(cache.size <= 4);
});
