import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellHash } from '../../src/distributions/cell-hash.js';
import { createZipfSampler } from '../../src/distributions/create-zipf-sampler.js';
import { deriveSeed } from '../../src/distributions/derive-seed.js';
import { zipfTopShare } from '../../src/distributions/zipf-top-share.js';
import { fitZipfExponent } from '../../src/fidelity/fit-zipf-exponent.js';

function counts(distinct: number, exponent: number, draws: number, seed = 7): number[] {
  const sampler = createZipfSampler(distinct, exponent);
  const salt = deriveSeed(seed, 'test');
  const out = new Array<number>(distinct).fill(0);
  for (let row = 0; row < draws; row += 1) {
    const rank = sampler.sample(cellHash(salt, row), 1);
    out[rank] = (out[rank] ?? 0) + 1;
  }
  return out;
}

describe('createZipfSampler', () => {
  for (const exponent of [0.8, 1, 1.1, 1.5, 2]) {
    it(`reproduces the top share and the exponent of Zipf(${exponent})`, () => {
      const draws = 300_000;
      const observed = counts(10_000, exponent, draws);
      const topShare = (observed[0] ?? 0) / draws;
      const expected = zipfTopShare(10_000, exponent);
      // Binomial noise on 300k draws is under 0.002; 5% relative covers it with room.
      assert.ok(Math.abs(topShare - expected) / expected < 0.05, `top share ${topShare} vs ${expected}`);
      const fitted = fitZipfExponent([...observed].sort((a, b) => b - a));
      assert.ok(fitted !== null && Math.abs(fitted - exponent) < 0.1, `fitted ${fitted} vs ${exponent}`);
    });
  }

  it('stays within range and is uniform at exponent 0', () => {
    const observed = counts(10, 0, 100_000);
    for (const c of observed) assert.ok(Math.abs(c - 10_000) < 600, `count ${c}`);
  });

  it('handles huge domains without a table', () => {
    const sampler = createZipfSampler(50_000_000, 1.2);
    for (let row = 0; row < 10_000; row += 1) {
      const rank = sampler.sample(cellHash(1, row), 1);
      assert.ok(rank >= 0 && rank < 50_000_000);
    }
  });

  it('is a pure function of the cell', () => {
    const a = counts(1_000, 1.1, 20_000, 3);
    const b = counts(1_000, 1.1, 20_000, 3);
    const c = counts(1_000, 1.1, 20_000, 4);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });
});
