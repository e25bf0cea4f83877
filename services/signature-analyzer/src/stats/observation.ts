/** One signature record reduced to what the statistics need. */
export interface Observation {
  readonly observedAt: number;
  /** calls × samplingWeight. */
  readonly weightedCalls: number;
  /** Mean duration per call (ms), or null when unknown. */
  readonly meanMs: number | null;
  /** Weighted total duration (ms), or null when unknown. */
  readonly weightedTotalMs: number | null;
  /** Weighted rows, or null when unknown. */
  readonly weightedRows: number | null;
  readonly database: string | null;
  readonly application: string | null;
}
