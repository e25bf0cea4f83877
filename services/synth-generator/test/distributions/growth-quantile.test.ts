import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { growthQuantile } from '../../src/distributions/growth-quantile.js';
import { solveZipfExponent } from '../../src/distributions/solve-zipf-exponent.js';
import { zipfTopShare } from '../../src/distributions/zipf-top-share.js';

describe('growthQuantile', () => {
  it('puts growth times as many events in the last slice as in the first', () => {
    const bins = [0, 0];
    for (let i = 0; i < 100_000; i += 1) {
      const t = growthQuantile((i + 0.5) / 100_000, 4);
      if (t < 0.1) bins[0] = (bins[0] ?? 0) + 1;
      else if (t >= 0.9) bins[1] = (bins[1] ?? 0) + 1;
    }
    const ratio = (bins[1] ?? 0) / (bins[0] ?? 1);
    // Density ratio 4 at the ends; over slices of 10% it is e^{λ·0.9}·(…) ≈ 3.4–4.
    assert.ok(ratio > 3 && ratio < 4.2, `ratio ${ratio}`);
    assert.equal(growthQuantile(0.3, 1), 0.3);
  });
});

describe('solveZipfExponent', () => {
  it('inverts zipfTopShare', () => {
    for (const s of [0.5, 1, 1.3, 2.2]) {
      const share = zipfTopShare(5_000, s);
      assert.ok(Math.abs(solveZipfExponent(5_000, share) - s) < 1e-6);
    }
    assert.equal(solveZipfExponent(100, 0.005), 0);
  });
});
