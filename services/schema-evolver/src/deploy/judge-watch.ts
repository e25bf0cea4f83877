import { medianOf } from '../shadow/median-of.js';
import { mannWhitneyU } from '../shadow/mann-whitney-u.js';

export interface WatchSettings {
  readonly minCalls: number;
  readonly regressionFactor: number;
  readonly alpha: number;
}

export interface WatchJudgement {
  readonly verdict: 'kept' | 'regressed' | 'insufficient';
  /** Per judged fingerprint: medians before and after, their ratio, the test's p-value. */
  readonly fingerprints: readonly { readonly fingerprint: string; readonly before: number; readonly after: number; readonly ratio: number; readonly pValue: number; readonly regressed: boolean }[];
}

/**
 * Production latency of the affected fingerprints before vs after a change: a fingerprint
 * regressed when its median rose by more than the factor and a Mann–Whitney U test says
 * the rise is significant. Fingerprints with fewer than minCalls observations on a side
 * are not judged; none judged is `insufficient`.
 */
export function judgeWatch(samples: ReadonlyMap<string, { readonly before: readonly number[]; readonly after: readonly number[] }>, settings: WatchSettings): WatchJudgement {
  const fingerprints: WatchJudgement['fingerprints'][number][] = [];
  for (const [fingerprint, { before, after }] of samples) {
    if (before.length < settings.minCalls || after.length < settings.minCalls) continue;
    const medianBefore = medianOf(before);
    const medianAfter = medianOf(after);
    const ratio = medianBefore > 0 ? medianAfter / medianBefore : medianAfter > 0 ? Infinity : 1;
    const { pValue } = mannWhitneyU(before, after);
    fingerprints.push({ fingerprint, before: medianBefore, after: medianAfter, ratio, pValue, regressed: ratio > settings.regressionFactor && pValue < settings.alpha });
  }
  if (fingerprints.length === 0) return { verdict: 'insufficient', fingerprints };
  return { verdict: fingerprints.some((f) => f.regressed) ? 'regressed' : 'kept', fingerprints };
}
