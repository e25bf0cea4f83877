import type pg from 'pg';
import type { MigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { loadStepProgress } from '../catalog/load-step-progress.js';
import { markStepDone } from '../catalog/mark-step-done.js';
import type { MigrationPlan } from '../migration/migration-plan.js';

/**
 * Runs the steps of a migration (of one phase, or all) that this deployment has not run
 * yet, in order, each through the migration deployer, noting each as done: a redelivered
 * or resumed deployment continues after the last completed step. Returns the statements sent.
 */
export async function applyPlanSteps(input: {
  readonly deployer: MigrationDeployer;
  readonly catalog: pg.Pool;
  readonly deploymentId: string;
  readonly plan: MigrationPlan;
  readonly phase: 'expand' | 'switch' | 'all';
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}): Promise<string[]> {
  const done = await loadStepProgress(input.catalog, input.deploymentId, 'up');
  const sent: string[] = [];
  for (const [index, step] of input.plan.steps.entries()) {
    if (input.phase !== 'all' && step.phase !== input.phase) continue;
    if (done.has(index)) continue;
    const outcome = await input.deployer.runStep(step.up, { signal: input.signal });
    sent.push(...outcome.statements);
    await markStepDone(input.catalog, input.deploymentId, 'up', index);
    input.logger.info({ deploymentId: input.deploymentId, step: index, description: step.description, batches: outcome.batches, rows: outcome.rows }, 'migration step applied');
  }
  return sent;
}
