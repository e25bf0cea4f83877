import type { DeploymentPolicy, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { applyDeployment, deploymentIdOf, requestDeployment, type ApplyOutcome } from './deploy/apply-deployment.js';
import type { DeployDeps } from './deploy/deploy-deps.js';
import { rollbackDeployment } from './deploy/rollback-deployment.js';

export interface ApprovalOutcome {
  readonly proposalId: string;
  readonly deploymentId: string;
  /** 'requested': left for the rewrite-engine service to apply (distributed mode). */
  readonly outcome: ApplyOutcome | 'requested';
}

async function proposalOrThrow(deps: DeployDeps, proposalId: string): Promise<RewriteProposal> {
  const proposal = await deps.proposals.get(proposalId);
  if (!proposal) throw new ShadowtuneError('NOT_FOUND', `no proposal ${proposalId}`, { context: { proposalId } });
  return proposal;
}

/**
 * Approves a proposal (the manual policy's decision) and deploys it: a deployment is
 * requested (catalog row, REQUESTED event) and, when `applyNow`, applied right away by
 * the deployer; otherwise the rewrite-engine service applies it when it reads the event.
 * A pending proposal, or an approved one whose last deployment failed, can be approved;
 * an advisory one never.
 */
export async function approveProposal(
  deps: DeployDeps,
  proposalId: string,
  decision: { readonly by: string; readonly reason: string | null; readonly applyNow: boolean; readonly trafficShare: number },
): Promise<ApprovalOutcome> {
  const proposal = await proposalOrThrow(deps, proposalId);
  if (proposal.status === 'ADVISORY') throw new ShadowtuneError('CONFLICT', `${proposalId} is advisory: it needs an application change and is never deployed`, { context: { proposalId } });
  if (proposal.status !== 'PENDING' && proposal.status !== 'APPROVED') {
    throw new ShadowtuneError('CONFLICT', `${proposalId} is ${proposal.status}: only a pending proposal can be approved`, { context: { proposalId, status: proposal.status } });
  }
  const live = await deps.deployments.liveFor(proposalId);
  if (live) return { proposalId, deploymentId: live.deploymentId, outcome: decision.applyNow ? await applyDeployment(deps, live.deploymentId) : 'requested' };
  const approved = await deps.proposals.setStatus(proposalId, 'APPROVED', { by: decision.by, reason: decision.reason });
  const deploymentId = deploymentIdOf('manual', proposalId, (await deps.deployments.countFor(proposalId)) + 1);
  const policy: DeploymentPolicy = 'MANUAL';
  const requested = await requestDeployment(deps, approved, policy, deploymentId, `approved by ${decision.by}${decision.reason ? `: ${decision.reason}` : ''}`, proposal.kind === 'REWRITE' ? decision.trafficShare : null);
  if (!requested.deployment) throw new ShadowtuneError('CONFLICT', `${proposalId} is being deployed already`, { context: { proposalId } });
  if (!decision.applyNow) return { proposalId, deploymentId, outcome: 'requested' };
  return { proposalId, deploymentId, outcome: await applyDeployment(deps, deploymentId) };
}

/** Rejects a pending proposal with a reason; it is never deployed. */
export async function rejectProposal(deps: DeployDeps, proposalId: string, decision: { readonly by: string; readonly reason: string }): Promise<RewriteProposal> {
  const proposal = await proposalOrThrow(deps, proposalId);
  if (proposal.status !== 'PENDING' && proposal.status !== 'ADVISORY') {
    throw new ShadowtuneError('CONFLICT', `${proposalId} is ${proposal.status}: only a pending or advisory proposal can be rejected`, { context: { proposalId, status: proposal.status } });
  }
  return deps.proposals.setStatus(proposalId, 'REJECTED', decision);
}

/** Rolls back the live deployment of an applied proposal (an operator's decision). */
export async function rollbackProposal(deps: DeployDeps, proposalId: string, reason: string): Promise<{ proposalId: string; deploymentId: string; outcome: string }> {
  await proposalOrThrow(deps, proposalId);
  const live = await deps.deployments.liveFor(proposalId);
  if (!live) throw new ShadowtuneError('CONFLICT', `${proposalId} has no applied deployment to roll back`, { context: { proposalId } });
  return { proposalId, deploymentId: live.deploymentId, outcome: await rollbackDeployment(deps, live.deploymentId, reason) };
}
