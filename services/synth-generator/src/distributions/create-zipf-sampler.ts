import { cellUniform } from './cell-uniform.js';
import { createUniformSampler } from './create-uniform-sampler.js';
import type { RankSampler } from './rank-sampler.js';

/** (exp(x) - 1) / x, accurate near 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + x * 0.25));
}

/** log(1 + x) / x, accurate near 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - x * 0.25));
}

/**
 * Zipf over `distinct` ranks with exponent `exponent` (P(rank k) ∝ (k+1)^-exponent), by
 * Hörmann & Derflinger's rejection-inversion: O(1) per draw and no table, so it serves a
 * skewed column over ten values and an FK fan-out over ten million parents alike.
 * Exponent 0 is uniform.
 */
export function createZipfSampler(distinct: number, exponent: number): RankSampler {
  const n = Math.max(1, Math.floor(distinct));
  if (exponent <= 0 || n === 1) return createUniformSampler(n);
  const s = exponent;
  const h = (x: number): number => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number): number => {
    const logX = Math.log(x);
    return expm1OverX((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number): number => {
    let t = x * (1 - s);
    if (t < -1) t = -1;
    return Math.exp(log1pOverX(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(n + 0.5);
  const squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return {
    distinct: n,
    sample(cellHash, firstDraw) {
      // The acceptance rate is above 0.9 for any n and s; the bound only guards against a
      // pathological stream.
      for (let attempt = 0; attempt < 64; attempt += 1) {
        const u = hIntegralN + cellUniform(cellHash, firstDraw + attempt) * (hIntegralX1 - hIntegralN);
        const x = hIntegralInverse(u);
        let k = Math.floor(x + 0.5);
        if (k < 1) k = 1;
        else if (k > n) k = n;
        if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) return k - 1;
      }
      return 0;
    },
  };
}
