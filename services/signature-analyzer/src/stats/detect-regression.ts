import type { RunningMoments } from './running-moments.js';
import { welchTTest } from './welch-t-test.js';

export interface RegressionSettings {
  readonly minSamples: number;
  readonly significance: number;
  readonly minRatio: number;
}

export interface RegressionVerdict {
  readonly regressed: boolean;
  /** Why the test did or did not call it: INSUFFICIENT_SAMPLES, SMALL_EFFECT, NOT_SIGNIFICANT, REGRESSED. */
  readonly basis: 'INSUFFICIENT_SAMPLES' | 'SMALL_EFFECT' | 'NOT_SIGNIFICANT' | 'REGRESSED';
  /** Ratio of geometric mean durations, recent / baseline (1 when unknown). */
  readonly ratio: number;
  readonly pValue: number | null;
  readonly baselineSamples: number;
  readonly recentSamples: number;
}

/**
 * Decides whether a fingerprint got slower than its own history: Welch's t-test on
 * log-durations (durations are roughly log-normal, so the test compares geometric means
 * and is not swayed by one outlier), one-sided, with a minimum sample size on both sides
 * and an effect-size floor so that a statistically certain 2 % drift is not a regression.
 */
export function detectRegression(baseline: RunningMoments, recent: RunningMoments, settings: RegressionSettings): RegressionVerdict {
  const base = { baselineSamples: baseline.count, recentSamples: recent.count };
  if (baseline.count < settings.minSamples || recent.count < settings.minSamples) {
    return { regressed: false, basis: 'INSUFFICIENT_SAMPLES', ratio: 1, pValue: null, ...base };
  }
  const ratio = Math.exp(recent.mean - baseline.mean);
  const test = welchTTest(baseline, recent);
  const pValue = test?.pValue ?? null;
  if (ratio < settings.minRatio) return { regressed: false, basis: 'SMALL_EFFECT', ratio, pValue, ...base };
  if (pValue === null || pValue >= settings.significance) return { regressed: false, basis: 'NOT_SIGNIFICANT', ratio, pValue, ...base };
  return { regressed: true, basis: 'REGRESSED', ratio, pValue, ...base };
}
