import type pg from 'pg';
import type { MigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { loadStepProgress } from '../catalog/load-step-progress.js';
import { markStepDone } from '../catalog/mark-step-done.js';
import type { MigrationPlan } from '../migration/migration-plan.js';

/**
 * Undoes what a deployment applied, last step first: the undo of every completed step,
 * and of the expand step that was running when it stopped (expand undos only use
 * IF EXISTS forms, so undoing a step that never committed is harmless). Each undone step
 * is noted, so a repeated rollback continues where it stopped. Returns the statements sent.
 */
export async function undoPlanSteps(input: {
  readonly deployer: MigrationDeployer;
  readonly catalog: pg.Pool;
  readonly deploymentId: string;
  readonly plan: MigrationPlan;
  readonly logger: Logger;
}): Promise<string[]> {
  const applied = await loadStepProgress(input.catalog, input.deploymentId, 'up');
  const undone = await loadStepProgress(input.catalog, input.deploymentId, 'down');
  const firstPending = input.plan.steps.findIndex((_, index) => !applied.has(index));
  const sent: string[] = [];
  for (let index = input.plan.steps.length - 1; index >= 0; index -= 1) {
    const step = input.plan.steps[index]!;
    const interrupted = index === firstPending && step.phase === 'expand';
    if ((!applied.has(index) && !interrupted) || undone.has(index)) continue;
    for (const undo of step.undo) {
      const outcome = await input.deployer.runStep(undo);
      sent.push(...outcome.statements);
    }
    await markStepDone(input.catalog, input.deploymentId, 'down', index);
    input.logger.info({ deploymentId: input.deploymentId, step: index, description: step.description }, 'migration step undone');
  }
  return sent;
}
