/** Count, mean and sum of squared deviations (Welford), mergeable and persistable. */
export interface RunningMoments {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
}

export const EMPTY_MOMENTS: RunningMoments = { count: 0, mean: 0, m2: 0 };

/** Adds one value (Welford's update). */
export function addToMoments(moments: RunningMoments, value: number): RunningMoments {
  const count = moments.count + 1;
  const delta = value - moments.mean;
  const mean = moments.mean + delta / count;
  return { count, mean, m2: moments.m2 + delta * (value - mean) };
}

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

/** Unbiased sample variance, or 0 below two values. */
export function varianceOf(moments: RunningMoments): number {
  return moments.count > 1 ? moments.m2 / (moments.count - 1) : 0;
}
