import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenerationalCache } from '../../src/util/generational-cache.js';

describe('GenerationalCache', () => {
  it('keeps at most its capacity and what is used survives', () => {
    const cache = new GenerationalCache<string, number>(4);
    for (let i = 0; i < 100; i += 1) {
      cache.set(`k${i}`, i);
      // k0 is read all along: it is moved to the young generation each time it would age out.
      assert.equal(cache.get('k0'), 0);
      assert.ok(cache.size <= 4);
    }
    assert.equal(cache.get('k1'), undefined);
    assert.equal(cache.get('k99'), 99);
    cache.set('k99', 100);
    assert.equal(cache.get('k99'), 100);
    assert.throws(() => new GenerationalCache(1), RangeError);
  });
});
