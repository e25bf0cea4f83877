import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellHash } from '../../src/distributions/cell-hash.js';
import { createFrequencySampler } from '../../src/distributions/create-frequency-sampler.js';

describe('createFrequencySampler', () => {
  it('reproduces most-common frequencies (shares of all rows, nulls excluded by the caller)', () => {
    // 10% nulls: listed frequencies are shares of all rows, so of non-null rows they are /0.9.
    const sampler = createFrequencySampler([0.45, 0.18, 0.09], 0.1, 50);
    const draws = 200_000;
    const observed = new Array<number>(50).fill(0);
    for (let row = 0; row < draws; row += 1) {
      const rank = sampler.sample(cellHash(11, row), 1);
      observed[rank] = (observed[rank] ?? 0) + 1;
    }
    const share = (i: number) => (observed[i] ?? 0) / draws;
    assert.ok(Math.abs(share(0) - 0.5) < 0.01, `rank 0: ${share(0)}`);
    assert.ok(Math.abs(share(1) - 0.2) < 0.01, `rank 1: ${share(1)}`);
    assert.ok(Math.abs(share(2) - 0.1) < 0.01, `rank 2: ${share(2)}`);
    // The remaining 20% spread over 47 other values.
    const tail = observed.slice(3);
    assert.equal(tail.filter((c) => c > 0).length, 47);
    for (const c of tail) assert.ok(Math.abs(c / draws - 0.2 / 47) < 0.002);
  });

  it('renormalises frequencies that add up past 1', () => {
    const sampler = createFrequencySampler([0.7, 0.5], 0, 2);
    let zero = 0;
    for (let row = 0; row < 10_000; row += 1) if (sampler.sample(cellHash(5, row), 1) === 0) zero += 1;
    assert.ok(Math.abs(zero / 10_000 - 0.7 / 1.2) < 0.02);
  });
});
