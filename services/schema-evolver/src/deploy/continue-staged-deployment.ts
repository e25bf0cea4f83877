import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { advanceSchemaDeployment } from '../catalog/advance-schema-deployment.js';
import { loadSchemaDeployment } from '../catalog/load-schema-deployment.js';
import { loadSchemaProposal } from '../catalog/load-schema-proposal.js';
import { saveSchemaDeploymentState } from '../catalog/save-schema-deployment-state.js';
import { applyPlanSteps } from './apply-plan-steps.js';
import type { SchemaDeploymentDeps } from './schema-deployment-deps.js';
import { withDeploymentLock } from './with-deployment-lock.js';

/**
 * Stage 2 of a staged (AB) schema deployment, once the watch kept the expand stage: the
 * switch steps run, the deployment is APPLIED again and watched again.
 */
export async function continueStagedDeployment(deps: SchemaDeploymentDeps, deploymentId: string): Promise<void> {
  await withDeploymentLock(deps.catalog, deploymentId, async () => {
    const state = await loadSchemaDeployment(deps.catalog, deploymentId);
    if (!state || state.step !== 'APPLIED' || state.stage !== 'expanded') return;
    const proposal = await loadSchemaProposal(deps.catalog, state.proposalId);
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${state.proposalId} is not a schema-evolver proposal`);
    const statements = await applyPlanSteps({ deployer: deps.deployer, catalog: deps.catalog, deploymentId, plan: proposal.plan, phase: 'switch', logger: deps.logger });
    await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { stage: 'switched', appliedAt: new Date(deps.now()), watchVerdict: 'watching' });
    const event = await advanceSchemaDeployment(deps.catalog, {
      deploymentId,
      from: ['APPLIED'],
      to: 'APPLIED',
      reason: 'stage 2 of 2 applied (switch): the expand stage was kept by the watch; watching again',
      statements,
    });
    if (event) await deps.publish(event);
  });
}
