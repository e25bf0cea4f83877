import type { BenchResult, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';
import type { ReasonCode } from '../reason-code.js';
import { compareMeasurements, type ClassFigure, type Comparison, type ToleranceOptions } from './compare-measurements.js';

export interface JudgeOptions extends ToleranceOptions {
  readonly minSpeedup: number;
  readonly maxWriteCostFactor: number;
}

export interface GuardFigure extends ClassFigure {
  readonly fingerprint: string;
}

export type Verdict =
  | {
      readonly accepted: true;
      readonly comparison: Comparison;
      readonly guards: readonly GuardFigure[];
      /** Guards the candidate speeds up by minSpeedup or more: it serves them too. */
      readonly guardsServed: readonly string[];
      readonly writeCost: number | null;
      readonly confidence: number;
    }
  | {
      readonly accepted: false;
      readonly reason: ReasonCode;
      readonly detail: string;
      readonly comparison: Comparison | null;
      readonly guards: readonly GuardFigure[];
    };

export interface JudgeInput {
  readonly variantId: string;
  /** What the candidate is compared against: the baseline, or for an index removal the index variant it builds on. */
  readonly againstVariantId: string;
  readonly kind: 'index' | 'rewrite' | 'drop-index';
  readonly result: BenchResult;
  /** Names of the indexes the candidate builds (an index nobody's plan uses is not kept). */
  readonly indexNames: readonly string[];
  readonly options: JudgeOptions;
}

const fmt = (x: number) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(0) : x.toFixed(2)) : '∞');
const describeClass = (c: ClassFigure) => `${c.parameterClass} ×${fmt(c.speedup)} (${fmt(c.baselineMs)} ms${c.baselineTimedOut ? '+' : ''} → ${fmt(c.candidateMs)} ms)`;

function of(result: BenchResult, variantId: string, fingerprint: string | null): VariantMeasurement[] {
  return result.measurements.filter((m) => m.variantId === variantId && m.fingerprint === fingerprint);
}

/** 0..1: narrower spreads and a wider margin over the threshold give more confidence. */
function confidenceOf(comparison: Comparison, minSpeedup: number): number {
  const spread = comparison.classes.length === 0 ? 1 : comparison.classes.reduce((s, c) => s + Math.min(1, c.spread), 0) / comparison.classes.length;
  const margin = Math.min(1, Math.log(Math.max(comparison.overall, 1)) / Math.log(Math.max(minSpeedup * 4, 1.01)));
  return Math.round((0.5 * (1 - spread) + 0.5 * margin) * 100) / 100;
}

/**
 * Decides whether a measured candidate is kept, with the reason when it is not: it must
 * have been measured, return the same rows (rewrites), be used by the planner (indexes),
 * slow down no parameter class of its statement (an index that helps the heavy hitters but
 * hurts the tail is reported as HURTS_TAIL, and the reverse as HURTS_HEAVY_HITTER), reach
 * minSpeedup over the classes (not asked of an index removal, which must only not slow
 * anything down), slow down no guard statement, and cost writers no more than allowed.
 */
export function judgeCandidate(input: JudgeInput): Verdict {
  const { result, variantId, options } = input;
  const failure = result.failures.find((f) => f.variantId === variantId);
  const mine = of(result, variantId, null);
  if (failure || mine.length === 0) {
    return {
      accepted: false,
      reason: mine.length === 0 ? 'SETUP_FAILED' : 'MEASUREMENT_FAILED',
      detail: failure ? `${failure.code}: ${failure.message}` : 'no measurement',
      comparison: null,
      guards: [],
    };
  }
  if (input.kind === 'rewrite') {
    const check = result.equivalence.find((e) => e.variantId === variantId);
    if (!check || check.mismatches > 0 || check.comparisons === 0) {
      return { accepted: false, reason: 'RESULT_MISMATCH', detail: check?.detail ?? 'rows were not compared', comparison: null, guards: [] };
    }
  }
  const comparison = compareMeasurements(of(result, input.againstVariantId, null), mine, options);
  const guardFingerprints = [...new Set(result.measurements.filter((m) => m.fingerprint !== null && m.variantId === variantId).map((m) => m.fingerprint!))];
  const guards: GuardFigure[] = guardFingerprints.flatMap((fingerprint) =>
    compareMeasurements(of(result, input.againstVariantId, fingerprint), of(result, variantId, fingerprint), options).classes.map((c) => ({ ...c, fingerprint })),
  );
  const reject = (reason: ReasonCode, detail: string): Verdict => ({ accepted: false, reason, detail, comparison, guards });
  if (input.kind === 'index' && input.indexNames.length > 0) {
    const used = result.measurements.some((m) => m.variantId === variantId && m.indexesUsed.some((name) => input.indexNames.includes(name)));
    if (!used) return reject('INDEX_NOT_USED', `the planner chose other paths in every measured run: ${[...new Set(mine.flatMap((m) => m.planShape))].slice(0, 3).join(', ')}`);
  }
  const regressed = comparison.classes.filter((c) => c.regressed);
  if (input.kind === 'drop-index') {
    const slowed = [...regressed, ...guards.filter((g) => g.regressed)];
    if (slowed.length > 0) return reject('REDUNDANT_INDEX_STILL_USED', `without it: ${slowed.map(describeClass).join(', ')}`);
    return { accepted: true, comparison, guards, guardsServed: [], writeCost: null, confidence: confidenceOf({ ...comparison, overall: Math.max(comparison.overall, options.minSpeedup) }, options.minSpeedup) };
  }
  if (regressed.length > 0) {
    const helped = comparison.classes.filter((c) => !c.regressed && c.speedup >= options.minSpeedup);
    if (helped.length > 0) {
      const hurt = regressed[0]!;
      const reason: ReasonCode = hurt.parameterClass === 'TAIL' ? 'HURTS_TAIL' : 'HURTS_HEAVY_HITTER';
      return reject(reason, `helps ${helped.map(describeClass).join(', ')} but slows ${regressed.map(describeClass).join(', ')}`);
    }
    return reject('REGRESSES_FINGERPRINT', `slower: ${regressed.map(describeClass).join(', ')}`);
  }
  if (comparison.overall < options.minSpeedup) {
    return reject('INSUFFICIENT_SPEEDUP', `median speed-up ×${fmt(comparison.overall)} < ×${options.minSpeedup}: ${comparison.classes.map(describeClass).join(', ')}`);
  }
  const guardRegressions = guards.filter((g) => g.regressed);
  if (guardRegressions.length > 0) {
    return reject('REGRESSES_OTHER_FINGERPRINT', guardRegressions.map((g) => `${g.fingerprint} ${describeClass(g)}`).join('; '));
  }
  const costs = result.writeCosts.filter((w) => w.variantId === variantId);
  const writeCost = costs.length === 0 ? null : Math.max(...costs.map((w) => w.factor));
  if (writeCost !== null && writeCost > options.maxWriteCostFactor) {
    return reject('WRITE_COST_TOO_HIGH', `INSERT+UPDATE ×${fmt(writeCost)} slower with the index (limit ×${options.maxWriteCostFactor})`);
  }
  // A guard is served when its plan uses the candidate's index and it got minSpeedup faster.
  const guardsServed = guardFingerprints.filter((fingerprint) => {
    const figures = guards.filter((g) => g.fingerprint === fingerprint);
    const uses = input.indexNames.length > 0 && of(result, variantId, fingerprint).some((m) => m.indexesUsed.some((name) => input.indexNames.includes(name)));
    const logs = figures.map((g) => Math.log(Math.min(Math.max(g.speedup, 1e-6), 1e6)));
    return uses && figures.length > 0 && Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length) >= options.minSpeedup;
  });
  return { accepted: true, comparison, guards, guardsServed, writeCost, confidence: confidenceOf(comparison, options.minSpeedup) };
}
