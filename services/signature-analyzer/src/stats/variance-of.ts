import type { RunningMoments } from './running-moments.js';

/** Unbiased sample variance, or 0 below two values. */
export function varianceOf(moments: RunningMoments): number {
  return moments.count > 1 ? moments.m2 / (moments.count - 1) : 0;
}
