import { zipfTopShare } from './zipf-top-share.js';

/**
 * The Zipf exponent under which rank 0 takes `topShare` of `distinct` ranks (bisection on
 * zipfTopShare, which grows with the exponent). Used to turn a parameter profile's top
 * share into a data skew. Returns 0 when the share is at or below uniform.
 */
export function solveZipfExponent(distinct: number, topShare: number): number {
  const n = Math.max(1, Math.floor(distinct));
  if (n === 1 || topShare <= 1 / n) return 0;
  let lo = 0;
  let hi = 8;
  if (zipfTopShare(n, hi) < topShare) return hi;
  for (let i = 0; i < 50; i += 1) {
    const mid = (lo + hi) / 2;
    if (zipfTopShare(n, mid) < topShare) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
