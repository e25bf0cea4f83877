import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mannWhitneyU } from '../../src/shadow/mann-whitney-u.js';

describe('mannWhitneyU', () => {
  it('matches the normal approximation with continuity correction (U=0, z=2.507, p=0.01219)', () => {
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    assert.equal(result.u, 0);
    assert.ok(Math.abs(result.pValue - 0.01219) < 5e-4, String(result.pValue));
    assert.ok(result.z < 0);
  });

  it('counts ties half and corrects the variance for them', () => {
    // By hand: ties 2,2,2 and 3,3,3; variance 16/12·(9 − 48/56); z = (5 − 0.5)/3.295: p ≈ 0.1719
    const result = mannWhitneyU([1, 2, 2, 3], [2, 3, 3, 4]);
    assert.equal(result.u, 3);
    assert.ok(Math.abs(result.pValue - 0.1719) < 2e-3, String(result.pValue));
  });

  it('finds no difference between identical or empty samples', () => {
    assert.equal(mannWhitneyU([1, 1, 1], [1, 1, 1]).pValue, 1);
    assert.equal(mannWhitneyU([], [1, 2]).pValue, 1);
    assert.ok(mannWhitneyU([1, 3, 5, 7], [2, 4, 6, 8]).pValue > 0.5);
  });
});
