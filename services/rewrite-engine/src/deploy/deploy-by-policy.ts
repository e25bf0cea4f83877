import type { RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import { applyDeployment, deploymentIdOf, requestDeployment, type ApplyOutcome } from './apply-deployment.js';
import type { DeployDeps } from './deploy-deps.js';

export type PolicyOutcome = ApplyOutcome | 'pending-approval' | 'not-deployable';

/**
 * What RewriteRuleDeploymentPolicy does with a new proposal: `manual` leaves it PENDING
 * until approved; `automatic` applies an index (deployer role) or activates a rewrite
 * rule for all traffic; `ab` applies an index and activates a rewrite rule for
 * abTrafficShare of the traffic — each applied change then watched. Index removals and
 * advisory rewrites are never deployed without approval. A proposal already decided
 * (applied, rolled back, rejected) is left alone, and the deployment id comes from the
 * proposal, so a redelivered proposal is applied once.
 */
export async function deployByPolicy(deps: DeployDeps, proposal: RewriteProposal, policy: ShadowtuneConfig['rewriteRuleDeploymentPolicy']): Promise<PolicyOutcome> {
  if (proposal.status === 'ADVISORY' || proposal.kind === 'DROP_INDEX') return 'not-deployable';
  if (proposal.status !== 'PENDING') return 'already-applied';
  if (policy.mode === 'manual') return 'pending-approval';
  const mode = policy.mode === 'ab' ? 'AB' : 'AUTOMATIC';
  const share = proposal.kind === 'REWRITE' ? (policy.mode === 'ab' ? policy.abTrafficShare : 1) : null;
  const requested = await requestDeployment(deps, proposal, mode, deploymentIdOf(policy.mode, proposal.proposalId), `policy ${policy.mode}`, share);
  if (!requested.deployment) return 'another-live';
  return applyDeployment(deps, requested.deployment.deploymentId);
}
