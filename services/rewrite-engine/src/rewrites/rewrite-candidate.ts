import type { ReasonCode } from '../reason-code.js';

export type RewriteRuleName = 'or-to-union' | 'not-in-to-not-exists' | 'date-predicate-to-range' | 'in-subquery-to-exists' | 'correlated-subquery-to-join' | 'correlated-subquery-to-lateral' | 'keyset-pagination';

/** A replacement statement for a fingerprint (same $n placeholders, same meaning unless advisory). */
export interface RewriteCandidate {
  readonly rule: RewriteRuleName;
  readonly sql: string;
  /** Needs an application change (different parameters or semantics): never measured for equality, never deployed. */
  readonly advisory: boolean;
  readonly rationale: string;
}

/** Why a rule that matched the statement produced nothing. */
export interface RewriteSkip {
  readonly rule: RewriteRuleName;
  readonly reason: ReasonCode;
  readonly detail: string;
}

export type RuleOutcome = { readonly kind: 'rewrite'; readonly rewrite: RewriteCandidate } | { readonly kind: 'skip'; readonly skip: RewriteSkip } | null;
