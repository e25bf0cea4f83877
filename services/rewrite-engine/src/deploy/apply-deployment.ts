import { createHash } from 'node:crypto';
import type { DeploymentEvent, DeploymentPolicy, DeploymentStep, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { StoredDeployment } from '../catalog/deployment-store.js';
import type { DeployDeps } from './deploy-deps.js';

export type ApplyOutcome = 'applied' | 'already-applied' | 'failed' | 'another-live';

/** A deployment id derived from how it was triggered, so a redelivered trigger names the same deployment. */
export function deploymentIdOf(trigger: string, proposalId: string, attempt = 1): string {
  return `dep_${createHash('sha256').update(`${trigger}\u0000${proposalId}\u0000${attempt}`).digest('hex').slice(0, 20)}`;
}

export function ruleIdOf(proposalId: string): string {
  return `rule_${proposalId}`;
}

/** Records a step in the catalog and publishes it on `deployments`. */
export async function recordStep(
  deps: DeployDeps,
  deployment: Pick<StoredDeployment, 'deploymentId' | 'proposalId' | 'proposalKind' | 'policy' | 'trafficShare'>,
  step: DeploymentStep,
  statements: readonly string[],
  reason: string | null,
): Promise<DeploymentEvent> {
  const event: DeploymentEvent = {
    deploymentId: deployment.deploymentId,
    proposalId: deployment.proposalId,
    proposalKind: deployment.proposalKind,
    step,
    policy: deployment.policy,
    statements: [...statements],
    reason,
    trafficShare: deployment.trafficShare,
    at: deps.now(),
  };
  await deps.deployments.recordStep(event);
  await deps.publishDeployment(event);
  return event;
}

/**
 * Creates a deployment of a proposal at step REQUESTED (catalog row and event). Returns
 * the deployment, or null when this id exists already (a redelivered trigger) or another
 * deployment of the proposal is live.
 */
export async function requestDeployment(
  deps: DeployDeps,
  proposal: RewriteProposal,
  policy: DeploymentPolicy,
  deploymentId: string,
  reason: string | null,
  trafficShare: number | null,
): Promise<{ deployment: StoredDeployment; created: boolean } | { deployment: null; created: false; outcome: 'another-live' }> {
  if (proposal.status === 'ADVISORY') throw new ShadowtuneError('CONFLICT', 'an advisory proposal needs an application change and is never deployed', { context: { proposalId: proposal.proposalId } });
  const row = { deploymentId, proposalId: proposal.proposalId, proposalKind: proposal.kind, policy, trafficShare };
  const outcome = await deps.deployments.create(row, reason);
  if (outcome === 'another-live') return { deployment: null, created: false, outcome };
  const deployment = (await deps.deployments.get(deploymentId))!;
  if (outcome === 'created') await recordStep(deps, deployment, 'REQUESTED', [], reason);
  return { deployment, created: outcome === 'created' };
}

/**
 * Applies a REQUESTED deployment on production: an index is built by the deployer role
 * (CREATE INDEX CONCURRENTLY under lock_timeout and statement_timeout; an INVALID leftover
 * dropped), an index removal dropped concurrently, a rewrite published as an ACTIVATE rule
 * with the deployment's traffic share. Each step is a catalog row and an event; the change
 * is then watched. Idempotent: a deployment past REQUESTED is left as it is, and a
 * per-deployment lock keeps two handlers from applying it at once. A retriable failure
 * (a lock timeout) is thrown for the bus to retry; any other is recorded as FAILED.
 */
export async function applyDeployment(deps: DeployDeps, deploymentId: string): Promise<ApplyOutcome> {
  return deps.withLock(deploymentId, async () => {
    const deployment = await deps.deployments.get(deploymentId);
    if (!deployment) throw new ShadowtuneError('NOT_FOUND', `no deployment ${deploymentId}`, { context: { deploymentId } });
    if (deployment.step !== 'REQUESTED') return 'already-applied';
    const proposal = await deps.proposals.get(deployment.proposalId);
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `deployment ${deploymentId} names an unknown proposal`, { context: { deploymentId } });
    try {
      let statements: readonly string[] = [];
      let verified: string;
      if (proposal.kind === 'INDEX' || proposal.kind === 'DROP_INDEX') {
        const deployer = await deps.deployer();
        if (!deployer) throw new ShadowtuneError('DEPLOYMENT_FAILED', 'no production connection is configured for the deployer');
        if (proposal.kind === 'INDEX') {
          const outcome = await deployer.createIndexConcurrently(proposal.sql);
          statements = outcome.statements;
          verified = outcome.alreadyPresent ? 'index already present, valid and ready' : 'index valid and ready';
        } else {
          const outcome = await deployer.dropIndexConcurrently(proposal.sql);
          statements = outcome.statements;
          verified = outcome.alreadyAbsent ? 'index already absent' : 'index removed';
        }
      } else {
        const rule = {
          ruleId: ruleIdOf(proposal.proposalId),
          proposalId: proposal.proposalId,
          fingerprint: proposal.fingerprints[0]!,
          action: 'ACTIVATE' as const,
          replacementSql: proposal.sql,
          trafficShare: deployment.trafficShare ?? 1,
          effectiveAt: deps.now(),
        };
        await deps.rules.save(rule);
        await deps.publishRule(rule);
        verified = `rule ${rule.ruleId} active for ${Math.round(rule.trafficShare * 100)}% of matching statements`;
      }
      const applied = await recordStep(deps, deployment, 'APPLIED', statements, null);
      await recordStep(deps, deployment, 'VERIFIED', [], verified);
      await deps.proposals.setStatus(proposal.proposalId, 'APPLIED');
      await deps.deployments.openWatch({ deploymentId, proposalId: proposal.proposalId, fingerprints: proposal.fingerprints, appliedAt: applied.at, windowMs: deps.watch.windowMs });
      deps.logger.info({ deploymentId, proposalId: proposal.proposalId, kind: proposal.kind, policy: deployment.policy }, 'change applied to production');
      return 'applied';
    } catch (error) {
      const failure = toShadowtuneError(error, 'DEPLOYMENT_FAILED');
      if (failure.retriable) throw failure;
      const code = typeof failure.context.errorCode === 'string' ? failure.context.errorCode : failure.code;
      await recordStep(deps, deployment, 'FAILED', [], `${code}: ${failure.message}`);
      deps.logger.warn({ deploymentId, proposalId: proposal.proposalId, code }, 'deployment failed');
      return 'failed';
    }
  });
}
