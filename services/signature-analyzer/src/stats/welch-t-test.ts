import { varianceOf } from './variance-of.js';
import { type RunningMoments } from './running-moments.js';
import { studentTUpperTail } from './student-t-upper-tail.js';

export interface WelchTestResult {
  readonly t: number;
  readonly degreesOfFreedom: number;
  /** One-sided p-value of "recent mean > baseline mean". */
  readonly pValue: number;
}

/**
 * Welch's unequal-variance t-test, one-sided (is the second sample's mean greater?),
 * from summary moments only. Null when either sample has fewer than two values.
 */
export function welchTTest(baseline: RunningMoments, recent: RunningMoments): WelchTestResult | null {
  if (baseline.count < 2 || recent.count < 2) return null;
  const vb = varianceOf(baseline) / baseline.count;
  const vr = varianceOf(recent) / recent.count;
  const standardError = Math.sqrt(vb + vr);
  const difference = recent.mean - baseline.mean;
  if (standardError === 0) {
    // Both samples constant: any difference is certain, none is no evidence.
    return { t: difference === 0 ? 0 : Math.sign(difference) * Infinity, degreesOfFreedom: baseline.count + recent.count - 2, pValue: difference > 0 ? 0 : 1 };
  }
  const t = difference / standardError;
  // Welch–Satterthwaite degrees of freedom.
  const degreesOfFreedom = (vb + vr) ** 2 / ((vb * vb) / (baseline.count - 1) + (vr * vr) / (recent.count - 1));
  return { t, degreesOfFreedom, pValue: studentTUpperTail(t, degreesOfFreedom) };
}
