/** Count, mean and sum of squared deviations (Welford), mergeable and persistable. */
export interface RunningMoments {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
}

export const EMPTY_MOMENTS: RunningMoments = { count: 0, mean: 0, m2: 0 };
