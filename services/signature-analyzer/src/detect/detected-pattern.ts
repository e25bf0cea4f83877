import type { ColumnRole, Severity, ThresholdCrossing } from '@shadowtune/shared/contracts/generated-types';
import type { ColumnOf, TableReference } from '../ast/query-facts.js';
import type { PlanNode } from '../plan/plan-node.js';
import type { SilenceReason } from '../silence-reason.js';
import type { PatternCode } from './pattern-code.js';

export interface ColumnUseDraft {
  readonly column: ColumnOf;
  readonly role: ColumnRole;
  readonly operator: string | null;
}

/** One pattern a detector found, with what a finding needs to explain it. */
export interface DetectedPattern {
  readonly pattern: PatternCode;
  readonly severity: Severity;
  /** One sentence naming the table and column. */
  readonly detail: string;
  readonly figures: Readonly<Record<string, number>>;
  readonly columns: readonly ColumnUseDraft[];
  readonly thresholds: readonly ThresholdCrossing[];
  /** Plan nodes that show the problem (for the plan excerpt). */
  readonly planNodes: readonly PlanNode[];
  /** Tables the experiment should fill deeply. */
  readonly tables: readonly TableReference[];
  /** Columns whose value distribution the experiment should skew. */
  readonly skew: readonly ColumnOf[];
}

/** Why a detector looked and did not report. */
export interface SilenceNote {
  readonly reason: SilenceReason;
  readonly detail: string;
}

export interface DetectorResult {
  readonly hits: readonly DetectedPattern[];
  readonly notes: readonly SilenceNote[];
}

export const NOTHING: DetectorResult = { hits: [], notes: [] };
