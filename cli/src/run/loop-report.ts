import type { QueryFinding, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import type { CandidateOutcomeRow } from '@shadowtune/rewrite-engine/catalog/evaluation-store';

/** What happened to one finding in a run. */
export interface FindingReport {
  readonly finding: QueryFinding;
  readonly datasetId: string | null;
  /** Proposals serving the finding's fingerprint. */
  readonly proposals: readonly string[];
  /** Every candidate measured, with its outcome and reason. */
  readonly candidates: readonly CandidateOutcomeRow[];
  /** Reasons recorded for the finding (no candidate, a rule that did not apply, ...). */
  readonly skips: readonly { readonly reason: string; readonly detail: string }[];
  /** Why the finding could not be evaluated at all, or null. */
  readonly error: string | null;
}

/** The outcome of `shadowtune run` over a workload. */
export interface LoopReport {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly signatures: number;
  readonly deadLetters: number;
  readonly findings: readonly FindingReport[];
  /** Examined statements without a finding. */
  readonly silences: number;
  readonly proposals: readonly RewriteProposal[];
  readonly policy: 'manual' | 'automatic' | 'ab';
}
