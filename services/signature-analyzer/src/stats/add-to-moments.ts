import type { RunningMoments } from './running-moments.js';

/** Adds one value (Welford's update). */
export function addToMoments(moments: RunningMoments, value: number): RunningMoments {
  const count = moments.count + 1;
  const delta = value - moments.mean;
  const mean = moments.mean + delta / count;
  return { count, mean, m2: moments.m2 + delta * (value - mean) };
}
