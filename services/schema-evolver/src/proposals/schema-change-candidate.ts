import type { SchemaChangeSpec, SchemaChangeType } from './schema-change-spec.js';
import type { SkipReasonCode } from './skip-reason-code.js';

/** A schema change the analysis supports, with why and the figures behind it. */
export interface SchemaChangeCandidate {
  readonly spec: SchemaChangeSpec;
  readonly rationale: string;
  readonly evidence: Readonly<Record<string, number>>;
  /** Fingerprints whose statements motivate it (replayed first in the A/B). */
  readonly fingerprints: readonly string[];
}

/** A candidate that was not proposed, and why. */
export interface SkippedCandidate {
  readonly changeType: SchemaChangeType;
  /** `schema.table`. */
  readonly tableName: string;
  readonly columnName: string | null;
  readonly reasonCode: SkipReasonCode;
  readonly detail: string;
  readonly evidence: Readonly<Record<string, number>>;
}
