import { deriveSeed } from './derive-seed.js';

export interface Prng {
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number;
}

/**
 * sfc32, a small fast counter PRNG, seeded from the user's seed and labels. Used where a
 * sequence is consumed in a fixed order (pools of realistic values built once per run);
 * per-cell draws use cellUniform instead.
 */
export function createPrng(seed: number | bigint, ...labels: readonly string[]): Prng {
  let a = deriveSeed(seed, ...labels, 'a') | 0;
  let b = deriveSeed(seed, ...labels, 'b') | 0;
  let c = deriveSeed(seed, ...labels, 'c') | 0;
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i += 1) nextUint32();
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    nextInt: (bound: number) => Math.floor((nextUint32() / 4294967296) * bound),
  };
}
