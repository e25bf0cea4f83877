import type { IndexCandidate } from '../candidates/index-candidate.js';
import type { RewriteRuleName } from '../rewrites/rewrite-candidate.js';

/** An existing index, as the shadow's catalog defines it. */
export interface ExistingIndex {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** pg_get_indexdef(): the server's own DDL, used to rebuild it on rollback. */
  readonly definition: string;
}

/** What one variant of an evaluation stands for. */
export type EvaluationCandidate =
  | {
      readonly kind: 'index';
      readonly variantId: string;
      readonly index: IndexCandidate;
      readonly schema: string;
      readonly name: string;
      /** CREATE INDEX CONCURRENTLY for production. */
      readonly createSql: string;
      /** DROP INDEX CONCURRENTLY IF EXISTS: the rollback. */
      readonly dropSql: string;
      /** Existing indexes this one would make redundant. */
      readonly redundant: readonly ExistingIndex[];
    }
  | {
      readonly kind: 'drop-index';
      readonly variantId: string;
      /** The index variant measured with the existing index hidden. */
      readonly basedOn: string;
      readonly existing: ExistingIndex;
    }
  | {
      readonly kind: 'rewrite';
      readonly variantId: string;
      readonly rule: RewriteRuleName;
      readonly sql: string;
      readonly rationale: string;
    }
  | {
      readonly kind: 'advisory';
      readonly variantId: string;
      readonly rule: RewriteRuleName;
      readonly sql: string;
      readonly rationale: string;
    };
