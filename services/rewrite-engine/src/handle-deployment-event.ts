import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import { applyDeployment } from './deploy/apply-deployment.js';
import type { DeployDeps } from './deploy/deploy-deps.js';
import { rollbackDeployment } from './deploy/rollback-deployment.js';

/**
 * deployments: a REQUESTED step (an approval from the CLI or the control plane, or the
 * engine's own) is applied; a ROLLBACK_REQUESTED step (an operator's) is rolled back.
 * Both are idempotent, so the engine's own events coming back and redeliveries change
 * nothing. A REQUESTED event for a deployment the catalog does not have yet is recorded
 * first (its proposal must exist).
 */
export async function handleDeploymentEvent(event: DeploymentEvent, deps: DeployDeps): Promise<void> {
  if (event.step === 'REQUESTED') {
    if (event.proposalKind === 'SCHEMA') return; // the schema-evolver's
    const known = await deps.deployments.get(event.deploymentId);
    if (!known) {
      const proposal = await deps.proposals.get(event.proposalId);
      if (!proposal) return;
      const outcome = await deps.deployments.create(
        { deploymentId: event.deploymentId, proposalId: event.proposalId, proposalKind: event.proposalKind, policy: event.policy, trafficShare: event.trafficShare },
        event.reason,
      );
      if (outcome === 'another-live') return;
      await deps.deployments.recordStep(event);
    }
    await applyDeployment(deps, event.deploymentId);
  } else if (event.step === 'ROLLBACK_REQUESTED') {
    const known = await deps.deployments.get(event.deploymentId);
    if (!known || known.proposalKind === 'SCHEMA') return;
    await rollbackDeployment(deps, event.deploymentId, event.reason ?? 'rollback requested');
  }
}
