import { cellUniform } from './cell-uniform.js';
import type { RankSampler } from './rank-sampler.js';

/** Every rank equally likely. */
export function createUniformSampler(distinct: number): RankSampler {
  const n = Math.max(1, Math.floor(distinct));
  return {
    distinct: n,
    sample: (cellHash, firstDraw) => Math.min(n - 1, Math.floor(cellUniform(cellHash, firstDraw) * n)),
  };
}
