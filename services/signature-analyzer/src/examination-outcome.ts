import type { QueryFacts } from './ast/query-facts.js';
import type { DetectedPattern } from './detect/detected-pattern.js';
import type { WalkedPlan } from './plan/plan-node.js';
import type { SilenceReason } from './silence-reason.js';

/** What one examination of a fingerprint concluded. */
export type ExaminationOutcome =
  | {
      readonly kind: 'finding';
      readonly hits: readonly DetectedPattern[];
      readonly facts: QueryFacts;
      readonly plan: WalkedPlan | null;
    }
  | {
      readonly kind: 'silent';
      readonly reason: SilenceReason;
      readonly detail: string;
      readonly facts: QueryFacts | null;
    };
