/** Whether one observation is published, and the weight that undoes the sampling downstream. */
export interface SamplingDecision {
  readonly keep: boolean;
  /** The first observation of its fingerprint in the current window (always kept). */
  readonly firstInWindow: boolean;
  /** 1 for a record kept unconditionally, 1 / samplingRate for a sampled one, 0 when dropped. */
  readonly weight: number;
}
