/** How one fingerprint fared on the candidate against the baseline. */
export type FingerprintOutcome = 'IMPROVED' | 'ENABLED' | 'NEUTRAL' | 'REGRESSED' | 'BROKEN' | 'UNMEASURED';

export interface FingerprintVerdict {
  readonly fingerprint: string;
  readonly outcome: FingerprintOutcome;
  readonly baselineMedianMs: number | null;
  readonly candidateMedianMs: number | null;
  readonly pValue: number | null;
  readonly baselinePlanCost: number | null;
  readonly candidatePlanCost: number | null;
  readonly samePlan: boolean;
  readonly share: number;
}

/** The A/B verdict of a migration: IMPROVES, NEUTRAL or REGRESSES, with each fingerprint's outcome. */
export interface AbVerdict {
  readonly verdict: 'IMPROVES' | 'NEUTRAL' | 'REGRESSES';
  /** Words for SchemaChangeProposal.verdict: the verdict, the test and its figures. */
  readonly summary: string;
  readonly fingerprints: readonly FingerprintVerdict[];
  /** Figures for the proposal's evidence. */
  readonly evidence: Readonly<Record<string, number>>;
}
