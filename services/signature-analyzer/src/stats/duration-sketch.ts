/**
 * Persistable state of a DDSketch-style quantile sketch: durations fall into logarithmic
 * buckets of relative width `relativeAccuracy`, so any quantile comes back within that
 * relative error however many values were added, in at most `maxBuckets` buckets.
 */
export interface DurationSketchState {
  /** [bucket index, weight] pairs; index ⌈log_γ(ms)⌉, Number.MIN_SAFE_INTEGER for zero-like values. */
  readonly buckets: readonly (readonly [number, number])[];
  readonly totalWeight: number;
}

const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Durations at or below this (ms) are counted as zero: sub-microsecond timings are noise. */
const MIN_TRACKED_MS = 0.001;
const ZERO_BUCKET = Number.MIN_SAFE_INTEGER;

function bucketOf(ms: number): number {
  return ms <= MIN_TRACKED_MS ? ZERO_BUCKET : Math.ceil(Math.log(ms) / LOG_GAMMA);
}

function valueOf(bucket: number): number {
  return bucket === ZERO_BUCKET ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/**
 * A bounded quantile sketch of durations (ms). When more than `maxBuckets` buckets are in
 * use the lowest ones are merged, so high quantiles (p95, p99) keep their accuracy.
 */
export class DurationSketch {
  private readonly counts = new Map<number, number>();
  private total = 0;

  constructor(private readonly maxBuckets: number = 256, state?: DurationSketchState) {
    if (state) {
      for (const [bucket, weight] of state.buckets) this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
      this.total = state.totalWeight;
      this.collapse();
    }
  }

  get totalWeight(): number {
    return this.total;
  }

  get bucketCount(): number {
    return this.counts.size;
  }

  add(ms: number, weight = 1): void {
    if (!Number.isFinite(ms) || ms < 0 || !(weight > 0)) return;
    const bucket = bucketOf(ms);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
    this.total += weight;
    if (this.counts.size > this.maxBuckets) this.collapse();
  }

  merge(other: DurationSketch | DurationSketchState): void {
    const buckets = other instanceof DurationSketch ? other.toState().buckets : other.buckets;
    for (const [bucket, weight] of buckets) this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
    this.total += other.totalWeight;
    this.collapse();
  }

  /** The q-quantile (0..1) within 1 % relative error, or null when empty. */
  quantile(q: number): number | null {
    if (this.total <= 0) return null;
    const rank = Math.min(Math.max(q, 0), 1) * this.total;
    const ordered = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const bucket of ordered) {
      seen += this.counts.get(bucket) ?? 0;
      if (seen >= rank) return valueOf(bucket);
    }
    return valueOf(ordered[ordered.length - 1]!);
  }

  toState(): DurationSketchState {
    return { buckets: [...this.counts.entries()].sort((a, b) => a[0] - b[0]), totalWeight: this.total };
  }

  private collapse(): void {
    if (this.counts.size <= this.maxBuckets) return;
    const ordered = [...this.counts.keys()].sort((a, b) => a - b);
    const excess = ordered.length - this.maxBuckets;
    // Fold the lowest buckets into the lowest one that survives.
    const target = ordered[excess]!;
    let folded = 0;
    for (const bucket of ordered.slice(0, excess)) {
      folded += this.counts.get(bucket) ?? 0;
      this.counts.delete(bucket);
    }
    this.counts.set(target, (this.counts.get(target) ?? 0) + folded);
  }
}
