import type { Fidelity } from '@shadowtune/shared/contracts/generated-types';
import { comparePlans } from './compare-plans.js';
import { explainGenericPlan } from './explain-generic-plan.js';
import { parsePlanExcerpt } from './parse-plan-excerpt.js';
import type { PlanQuery } from './plan-query.js';
import { summarizePlan } from './summarize-plan.js';

export interface FidelityInput {
  /** The finding's normalized statement ($n placeholders, no literal). */
  readonly sql: string;
  /** Types of $1..$n (format_type texts from the model; `unknown` where not known). */
  readonly parameterTypes: readonly string[];
  readonly shadow: { readonly query: PlanQuery; readonly serverVersion: number };
  /** Production, read-only, one session; null when no production connection is configured. */
  readonly production: { readonly query: PlanQuery; readonly serverVersion: number } | null;
  /** The finding's text plan excerpt, compared with when production cannot be planned. */
  readonly planExcerpt: string | null;
  /** Above this ratio between row estimates the shadow does not reproduce the plan. */
  readonly rowRatioLimit: number;
}

/**
 * Before a dataset is announced: plans the finding's statement on the shadow (generic plan,
 * no values) and compares it with production's generic plan when a production connection
 * exists, else with the finding's plan excerpt. The record says whether the shape is the
 * same, the worst row-estimate ratio, and every divergence in words.
 */
export async function checkFidelity(input: FidelityInput): Promise<Fidelity> {
  const shadowPlan = await explainGenericPlan(input.shadow.query, input.sql, input.shadow.serverVersion, input.parameterTypes);
  if (!shadowPlan.ok) {
    return { reproducesPlan: false, comparedWithProduction: false, rowEstimateRatio: null, notes: [`the statement could not be planned on the shadow: ${shadowPlan.detail}`] };
  }
  const shadowNodes = summarizePlan(shadowPlan.plan);
  const notes: string[] = [];
  if (input.production !== null) {
    const productionPlan = await explainGenericPlan(input.production.query, input.sql, input.production.serverVersion, input.parameterTypes);
    if (productionPlan.ok) {
      const comparison = comparePlans(shadowNodes, summarizePlan(productionPlan.plan), false);
      notes.push(...comparison.notes);
      const withinRatio = comparison.rowEstimateRatio === null || comparison.rowEstimateRatio <= input.rowRatioLimit;
      if (!withinRatio) notes.push(`row estimates differ up to ${comparison.rowEstimateRatio?.toFixed(1)}x (limit ${input.rowRatioLimit}x)`);
      return { reproducesPlan: comparison.sameShape && withinRatio, comparedWithProduction: true, rowEstimateRatio: comparison.rowEstimateRatio, notes };
    }
    notes.push(`production's plan is not available: ${productionPlan.detail}`);
  }
  const excerpt = input.planExcerpt === null ? [] : parsePlanExcerpt(input.planExcerpt);
  if (excerpt.length === 0) {
    notes.push('nothing to compare with: no production plan and no plan excerpt in the finding');
    return { reproducesPlan: false, comparedWithProduction: false, rowEstimateRatio: null, notes };
  }
  const comparison = comparePlans(shadowNodes, excerpt, true);
  notes.push(...comparison.notes);
  return { reproducesPlan: comparison.sameShape, comparedWithProduction: false, rowEstimateRatio: comparison.rowEstimateRatio, notes };
}
