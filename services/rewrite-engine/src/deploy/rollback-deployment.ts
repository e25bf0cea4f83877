import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { recordStep, ruleIdOf } from './apply-deployment.js';
import type { DeployDeps } from './deploy-deps.js';

export type RollbackOutcome = 'rolled-back' | 'already-rolled-back';

/**
 * Undoes an applied deployment: an index is dropped concurrently, a removed index rebuilt
 * concurrently from its definition, a rewrite rule withdrawn. ROLLBACK_REQUESTED and then
 * ROLLED_BACK are catalog rows and events; the proposal becomes ROLLED_BACK (and is not
 * deployed automatically again). A deployment already rolled back is left as it is.
 */
export async function rollbackDeployment(deps: DeployDeps, deploymentId: string, reason: string): Promise<RollbackOutcome> {
  return deps.withLock(deploymentId, async () => {
    const deployment = await deps.deployments.get(deploymentId);
    if (!deployment) throw new ShadowtuneError('NOT_FOUND', `no deployment ${deploymentId}`, { context: { deploymentId } });
    if (deployment.step === 'ROLLED_BACK') return 'already-rolled-back';
    if (!['APPLIED', 'VERIFIED', 'ROLLBACK_REQUESTED'].includes(deployment.step)) {
      throw new ShadowtuneError('CONFLICT', `deployment ${deploymentId} is ${deployment.step}: nothing to roll back`, { context: { deploymentId, step: deployment.step } });
    }
    const proposal = await deps.proposals.get(deployment.proposalId);
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `deployment ${deploymentId} names an unknown proposal`, { context: { deploymentId } });
    if (deployment.step !== 'ROLLBACK_REQUESTED') await recordStep(deps, deployment, 'ROLLBACK_REQUESTED', [], reason);
    try {
      let statements: readonly string[] = [];
      if (proposal.kind === 'INDEX' || proposal.kind === 'DROP_INDEX') {
        const deployer = await deps.deployer();
        if (!deployer) throw new ShadowtuneError('ROLLBACK_FAILED', 'no production connection is configured for the deployer');
        statements = proposal.kind === 'INDEX' ? (await deployer.dropIndexConcurrently(proposal.rollbackSql)).statements : (await deployer.createIndexConcurrently(proposal.rollbackSql)).statements;
      } else {
        const rule = {
          ruleId: ruleIdOf(proposal.proposalId),
          proposalId: proposal.proposalId,
          fingerprint: proposal.fingerprints[0]!,
          action: 'WITHDRAW' as const,
          replacementSql: null,
          trafficShare: 0,
          effectiveAt: deps.now(),
        };
        await deps.rules.save(rule);
        await deps.publishRule(rule);
      }
      await recordStep(deps, deployment, 'ROLLED_BACK', statements, reason);
      await deps.proposals.setStatus(proposal.proposalId, 'ROLLED_BACK');
      deps.logger.warn({ deploymentId, proposalId: proposal.proposalId }, 'change rolled back');
      return 'rolled-back';
    } catch (error) {
      const failure = toShadowtuneError(error, 'ROLLBACK_FAILED');
      // Stays ROLLBACK_REQUESTED: the next watch round or a redelivery tries again.
      throw new ShadowtuneError('ROLLBACK_FAILED', `rollback of ${deploymentId} failed: ${failure.message}`, { cause: failure, retriable: true, context: { deploymentId } });
    }
  });
}
