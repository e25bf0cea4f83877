import type { AbVerdict, FingerprintOutcome, FingerprintVerdict } from './ab-verdict.js';
import { mannWhitneyU } from './mann-whitney-u.js';
import { medianOf } from './median-of.js';
import type { FingerprintMeasurement } from './workload-replayer.js';

export interface JudgeSettings {
  readonly alpha: number;
  readonly minImprovement: number;
  readonly regressionTolerance: number;
  readonly regressionFloorMs: number;
}

/** Plans that differ by less than this share of cost are the same plan for the noise rule. */
const SAME_COST = 0.01;

/** A plan whose cost moved by this factor corroborates a latency difference in the same direction. */
const PLAN_FACTOR = 2;

/**
 * The significance level for a latency difference the plan corroborates (the planner's
 * cost moved the same way by PLAN_FACTOR): the plan change is evidence of its own, so a
 * noisy machine needs less from the latencies.
 */
export function corroboratedAlpha(alpha: number): number {
  return Math.min(0.1, 5 * alpha);
}

function outcomeOf(m: FingerprintMeasurement, settings: JudgeSettings): FingerprintVerdict {
  const a = m.baseline.latenciesMs;
  const b = m.candidate.latenciesMs;
  const baselineMedianMs = a.length > 0 ? medianOf(a) : null;
  const candidateMedianMs = b.length > 0 ? medianOf(b) : null;
  const samePlan =
    m.baseline.planShape !== null &&
    m.baseline.planShape === m.candidate.planShape &&
    m.baseline.planCost !== null &&
    m.candidate.planCost !== null &&
    Math.abs(m.candidate.planCost - m.baseline.planCost) <= SAME_COST * Math.max(m.baseline.planCost, 1e-9);
  const verdict = (outcome: FingerprintOutcome, pValue: number | null = null): FingerprintVerdict => ({
    fingerprint: m.fingerprint,
    outcome,
    baselineMedianMs,
    candidateMedianMs,
    pValue,
    baselinePlanCost: m.baseline.planCost,
    candidatePlanCost: m.candidate.planCost,
    samePlan,
    share: m.share,
  });
  if (a.length === 0 && b.length > 0) return verdict('ENABLED');
  if (a.length > 0 && b.length === 0) return verdict('BROKEN');
  if (a.length === 0 || b.length === 0) return verdict('UNMEASURED');
  // A candidate that fails where the baseline succeeded is broken, whatever the timings.
  if (m.candidate.errors > m.baseline.errors && m.candidate.errors > 0 && m.baseline.errors === 0) return verdict('BROKEN');
  const test = mannWhitneyU(a, b);
  const costBefore = m.baseline.planCost;
  const costAfter = m.candidate.planCost;
  const cheaper = costBefore !== null && costAfter !== null && costAfter * PLAN_FACTOR <= costBefore;
  const costlier = costBefore !== null && costAfter !== null && costAfter >= costBefore * PLAN_FACTOR;
  const loose = test.pValue < corroboratedAlpha(settings.alpha);
  const before = baselineMedianMs!;
  const after = candidateMedianMs!;
  if ((test.pValue < settings.alpha || (cheaper && loose)) && after <= before * (1 - settings.minImprovement)) return verdict('IMPROVED', test.pValue);
  if ((test.pValue < settings.alpha || (costlier && loose)) && after > before * (1 + settings.regressionTolerance) && after - before > settings.regressionFloorMs) {
    // Identical plans cannot have been slowed by the schema change (reads): the difference is noise.
    return verdict(samePlan && m.baseline.planShape?.startsWith('read:') ? 'NEUTRAL' : 'REGRESSED', test.pValue);
  }
  return verdict('NEUTRAL', test.pValue);
}

/**
 * Judges a replay: per fingerprint, a Mann–Whitney U test on the latencies (improved when
 * significant and the median drops by at least minImprovement; regressed when significant
 * and it rises beyond the tolerance and the floor). The plans reduce the noise both ways: a
 * difference the planner's cost corroborates (moved the same way by a factor of 2) needs
 * only the looser corroboratedAlpha, and a slower read whose plan is the same on both
 * sides is noise. Statements that only run after the migration count as enabled. IMPROVES needs one improved or enabled fingerprint and no
 * regressed or broken one.
 */
export function judgeAb(measurements: readonly FingerprintMeasurement[], settings: JudgeSettings): AbVerdict {
  const fingerprints = measurements.map((m) => outcomeOf(m, settings));
  const count = (outcome: FingerprintOutcome) => fingerprints.filter((f) => f.outcome === outcome).length;
  const regressed = count('REGRESSED') + count('BROKEN');
  const improved = count('IMPROVED') + count('ENABLED');
  const verdict = regressed > 0 ? 'REGRESSES' : improved > 0 ? 'IMPROVES' : 'NEUTRAL';
  // Time saved, weighted by the mix: Σ share × (1 − after/before) over measured fingerprints.
  let weightedGain = 0;
  let weight = 0;
  for (const f of fingerprints) {
    if (f.baselineMedianMs !== null && f.candidateMedianMs !== null && f.baselineMedianMs > 0) {
      weightedGain += f.share * (1 - f.candidateMedianMs / f.baselineMedianMs);
      weight += f.share;
    }
  }
  const best = fingerprints.filter((f) => f.pValue !== null).sort((x, y) => x.pValue! - y.pValue!)[0];
  const main = [...fingerprints].sort((x, y) => y.share - x.share)[0];
  const summary =
    `${verdict} (Mann–Whitney U per fingerprint, alpha ${settings.alpha}): ${improved} improved/enabled, ${count('NEUTRAL')} neutral, ` +
    `${regressed} regressed/broken of ${fingerprints.length}` +
    (weight > 0 ? `; mix-weighted latency change ${(-(weightedGain / weight) * 100).toFixed(1)}%` : '');
  return {
    verdict,
    summary,
    fingerprints,
    evidence: {
      abFingerprints: fingerprints.length,
      abImproved: count('IMPROVED'),
      abEnabled: count('ENABLED'),
      abNeutral: count('NEUTRAL'),
      abRegressed: count('REGRESSED'),
      abBroken: count('BROKEN'),
      abWeightedGain: weight > 0 ? weightedGain / weight : 0,
      ...(main && main.baselinePlanCost !== null && main.candidatePlanCost !== null ? { abPlanCostBefore: main.baselinePlanCost, abPlanCostAfter: main.candidatePlanCost } : {}),
      ...(best ? { abBestPValue: best.pValue!, abBestBaselineMedianMs: best.baselineMedianMs ?? 0, abBestCandidateMedianMs: best.candidateMedianMs ?? 0 } : {}),
    },
  };
}
