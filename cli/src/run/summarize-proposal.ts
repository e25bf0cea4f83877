import type { Evidence, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';

/** One entry of proposals.json. */
export interface ProposalSummary {
  readonly id: string;
  readonly kind: RewriteProposal['kind'];
  readonly status: RewriteProposal['status'];
  /** The DDL (INDEX, DROP_INDEX) ... */
  readonly ddl?: string;
  /** ... or the replacement statement (REWRITE). */
  readonly sql?: string;
  readonly rollback: string;
  readonly fingerprints: readonly string[];
  /** Geometric mean over parameter classes of the median time before, for the proposal's own statements (guards excluded). */
  readonly baselineMs: number | null;
  readonly candidateMs: number | null;
  readonly speedup: number | null;
  readonly baselineTimedOut: boolean;
  readonly confidence: number;
  readonly writeCost: number | null;
  readonly replaces: readonly string[];
  readonly findingIds: readonly string[];
  readonly rationale: string;
  readonly evidence: readonly Evidence[];
}

/** The figures of a proposal as `shadowtune run` reports them. */
export function summarizeProposal(proposal: RewriteProposal): ProposalSummary {
  const own = proposal.evidence.filter((e) => !e.guard && proposal.fingerprints.includes(e.fingerprint));
  // Geometric means over the parameter classes, so that speedup = baselineMs / candidateMs is the figure the engine judged.
  const geometric = (values: number[]) => (values.length === 0 ? null : Math.exp(values.reduce((s, v) => s + Math.log(Math.max(v, 1e-6)), 0) / values.length));
  const baselineMs = geometric(own.map((e) => e.baselineMs));
  const candidateMs = geometric(own.map((e) => e.candidateMs));
  const change = proposal.kind === 'REWRITE' ? { sql: proposal.sql } : { ddl: proposal.sql };
  return {
    id: proposal.proposalId,
    kind: proposal.kind,
    status: proposal.status,
    ...change,
    rollback: proposal.rollbackSql,
    fingerprints: proposal.fingerprints,
    baselineMs,
    candidateMs,
    speedup: baselineMs !== null && candidateMs !== null && candidateMs > 0 ? baselineMs / candidateMs : null,
    baselineTimedOut: own.some((e) => e.baselineTimedOut),
    confidence: proposal.confidence,
    writeCost: proposal.writeCost,
    replaces: proposal.replaces,
    findingIds: proposal.findingIds,
    rationale: proposal.rationale,
    evidence: proposal.evidence,
  };
}
