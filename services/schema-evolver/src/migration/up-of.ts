import type { MigrationPlan } from './migration-plan.js';

/** The proposal's `up`: every step in order. */
export function upOf(plan: MigrationPlan): string[] {
  return plan.steps.map((s) => s.up);
}
