import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBackoff } from '../../src/retry/compute-backoff.js';

describe('computeBackoff', () => {
  const policy = { initialMs: 100, maxMs: 1_000, jitter: 0 };

  it('doubles from the initial delay and stops at the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((attempt) => computeBackoff(attempt, policy)), [100, 200, 400, 800, 1_000, 1_000]);
  });

  it('spreads each delay by at most half the jitter share either way', () => {
    const jittered = { ...policy, jitter: 0.2 };
    assert.equal(computeBackoff(2, jittered, () => 0), 180);
    assert.equal(computeBackoff(2, jittered, () => 0.5), 200);
    assert.equal(computeBackoff(2, jittered, () => 0.999999), 220);
  });
});
