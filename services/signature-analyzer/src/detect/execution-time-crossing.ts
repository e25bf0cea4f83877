import type { ThresholdCrossing } from '@shadowtune/shared/contracts/generated-types';
import type { DetectionContext } from './detection-context.js';

/** The executionTimeMs crossing when the fingerprint's mean is over it, else nothing. */
export function executionTimeCrossing(context: DetectionContext): ThresholdCrossing[] {
  const mean = context.stats?.meanMs ?? null;
  const limit = context.thresholds.executionTimeMs;
  return mean !== null && mean >= limit ? [{ metric: 'executionTimeMs', value: mean, threshold: limit }] : [];
}
