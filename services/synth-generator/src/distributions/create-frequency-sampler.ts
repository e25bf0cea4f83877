import { cellUniform } from './cell-uniform.js';
import type { RankSampler } from './rank-sampler.js';

/**
 * Production-shaped: rank i < mostCommon.length gets its observed frequency (pg_stats'
 * most_common_freqs, a share of ALL rows) renormalised to the non-null rows; the remaining
 * mass is spread evenly over the other `distinct - mostCommon.length` ranks. Nulls are
 * decided by the caller before the rank is drawn.
 */
export function createFrequencySampler(mostCommonFrequencies: readonly number[], nullFraction: number, distinct: number): RankSampler {
  const nonNull = Math.max(1e-12, 1 - Math.min(1, Math.max(0, nullFraction)));
  const listed = mostCommonFrequencies.map((f) => Math.max(0, f) / nonNull);
  const n = Math.max(listed.length, Math.floor(distinct), 1);
  const tailCount = n - listed.length;
  let listedMass = listed.reduce((sum, f) => sum + f, 0);
  // Rounded pg_stats figures can add up past 1; without a tail they must cover everything.
  if (listedMass > 1 || tailCount === 0) {
    const scale = listedMass > 0 ? 1 / listedMass : 1;
    for (let i = 0; i < listed.length; i += 1) listed[i] = (listed[i] ?? 0) * scale;
    listedMass = 1;
  }
  const cumulative = new Float64Array(listed.length);
  let running = 0;
  for (let i = 0; i < listed.length; i += 1) {
    running += listed[i] ?? 0;
    cumulative[i] = running;
  }
  return {
    distinct: n,
    sample(cellHash, firstDraw) {
      const u = cellUniform(cellHash, firstDraw);
      if (u < listedMass && cumulative.length > 0) {
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((cumulative[mid] ?? 0) > u) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      }
      if (tailCount <= 0) return Math.max(0, listed.length - 1);
      const v = cellUniform(cellHash, firstDraw + 1);
      return listed.length + Math.min(tailCount - 1, Math.floor(v * tailCount));
    },
  };
}
