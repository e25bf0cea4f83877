import type { RunningMoments } from './running-moments.js';

/** Combines two disjoint samples (Chan et al.'s parallel formula). */
export function mergeMoments(a: RunningMoments, b: RunningMoments): RunningMoments {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count,
  };
}
