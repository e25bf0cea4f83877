/** The window synthetic timestamps fall into, with its growth (see growthQuantile). */
export interface TimeSpan {
  /** End of the window, ms since the epoch (fixed, so runs are reproducible). */
  readonly endMs: number;
  readonly spanMs: number;
  /** Density at the end of the window relative to its start. */
  readonly growth: number;
}
