import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import type { QueryFacts } from '../ast/query-facts.js';
import type { WalkedPlan } from '../plan/plan-node.js';
import type { BurstState } from '../stats/burst-tracker.js';
import type { StatsSummary } from '../stats/stats-summary.js';

/** Everything a detector may read; detectors are pure functions of it. */
export interface DetectionContext {
  readonly facts: QueryFacts;
  /** null when no plan could be obtained: plan-based detectors stay silent. */
  readonly plan: WalkedPlan | null;
  readonly thresholds: ShadowtuneConfig['performanceThreshold'];
  readonly settings: ShadowtuneConfig['services']['signatureAnalyzer'];
  readonly stats: StatsSummary | null;
  readonly burst: BurstState | null;
  readonly parameters: readonly ParameterProfile[];
  /** Capture's quality flags (e.g. LEADING_WILDCARD_LIKE, DEEP_OFFSET when it saw the literal). */
  readonly flags: readonly string[];
}
