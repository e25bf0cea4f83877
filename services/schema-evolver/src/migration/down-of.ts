import type { MigrationPlan } from './migration-plan.js';

/** The proposal's `down` (or, given how many steps were applied, the undo of a partial run): last step first. */
export function downOf(plan: MigrationPlan, appliedSteps: number = plan.steps.length): string[] {
  return plan.steps
    .slice(0, appliedSteps)
    .reverse()
    .flatMap((s) => s.undo);
}
