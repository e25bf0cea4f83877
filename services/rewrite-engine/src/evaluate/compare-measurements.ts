import type { Summary, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';

export interface ToleranceOptions {
  /** Relative slowdown above which a class counts as regressed. */
  readonly regressionTolerance: number;
  /** Absolute slowdown (ms) below which a difference is noise. */
  readonly regressionFloorMs: number;
}

/** Baseline against candidate for one parameter class of one statement. */
export interface ClassFigure {
  readonly parameterClass: string;
  readonly baselineMs: number;
  readonly candidateMs: number;
  readonly speedup: number;
  readonly baselineP95Ms: number;
  readonly candidateP95Ms: number;
  readonly baselineTimedOut: boolean;
  readonly candidateTimedOut: boolean;
  readonly regressed: boolean;
  /** Same plan shape and indexes on both sides: the change did not touch this statement. */
  readonly samePlan: boolean;
  /** Relative spread (p95 - min) / median of both sides, for confidence. */
  readonly spread: number;
}

export interface Comparison {
  readonly classes: readonly ClassFigure[];
  /** Geometric mean over the parameter classes of baseline median / candidate median. */
  readonly overall: number;
}

/** The time a decision uses: plain client-side runs when there are any, else EXPLAIN ANALYZE's execution time. */
export function timeOf(m: VariantMeasurement): Summary {
  return m.wallMs ?? m.executionMs;
}

/**
 * Compares a candidate's measurements with the baseline's, class by class (heavy hitters,
 * tail, or the one class of a statement without parameters). A class regresses when the
 * candidate runs another plan and is slower by more than the tolerance and by more than
 * the noise floor, or when it timed out where the baseline did not; the same plan over
 * the same indexes is never a regression, whatever the clock says.
 */
export function compareMeasurements(baseline: readonly VariantMeasurement[], candidate: readonly VariantMeasurement[], options: ToleranceOptions): Comparison {
  const classes: ClassFigure[] = [];
  for (const b of baseline) {
    const c = candidate.find((m) => m.parameterClass === b.parameterClass);
    if (!c) continue;
    const bt = timeOf(b);
    const ct = timeOf(c);
    const slower = ct.median - bt.median;
    // The same plan over the same indexes cannot have been slowed by the change: a difference is noise.
    const samePlan = c.planShape.length > 0 && c.planShape.join('\u0000') === b.planShape.join('\u0000') && c.indexesUsed.join('\u0000') === b.indexesUsed.join('\u0000');
    const regressed = (c.timedOut && !b.timedOut) || (!samePlan && ct.median > bt.median * (1 + options.regressionTolerance) && slower > options.regressionFloorMs);
    const relative = (s: Summary) => (s.median > 0 ? (s.p95 - s.min) / s.median : 0);
    classes.push({
      parameterClass: b.parameterClass,
      baselineMs: bt.median,
      candidateMs: ct.median,
      speedup: ct.median > 0 ? bt.median / ct.median : bt.median > 0 ? Number.POSITIVE_INFINITY : 1,
      baselineP95Ms: bt.p95,
      candidateP95Ms: ct.p95,
      baselineTimedOut: b.timedOut,
      candidateTimedOut: c.timedOut,
      regressed,
      samePlan,
      spread: (relative(bt) + relative(ct)) / 2,
    });
  }
  // Geometric mean of the classes' speed-ups: scale-free, so a slow heavy-hitter class does not drown a 30× faster tail.
  const logs = classes.map((c) => Math.log(Math.min(Math.max(c.speedup, 1e-6), 1e6)));
  const overall = logs.length === 0 ? 1 : Math.exp(logs.reduce((sum, x) => sum + x, 0) / logs.length);
  return { classes, overall };
}
