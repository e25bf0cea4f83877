/** Window statistics of a fingerprint as findings and reports show them. */
export interface StatsSummary {
  readonly weightedCalls: number;
  readonly records: number;
  readonly meanMs: number | null;
  readonly p95Ms: number | null;
  readonly totalMs: number | null;
  readonly rows: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
}
