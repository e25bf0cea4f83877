import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { advanceSchemaDeployment } from '../catalog/advance-schema-deployment.js';
import { loadSchemaDeployment } from '../catalog/load-schema-deployment.js';
import { loadSchemaProposal } from '../catalog/load-schema-proposal.js';
import { saveSchemaDeploymentState } from '../catalog/save-schema-deployment-state.js';
import { captureSchemaSnapshot } from './capture-schema-snapshot.js';
import { diffSchemaSnapshots, type SchemaDifference } from './diff-schema-snapshots.js';
import type { SchemaDeploymentDeps } from './schema-deployment-deps.js';
import { undoPlanSteps } from './undo-plan-steps.js';
import { withDeploymentLock } from './with-deployment-lock.js';

export interface RollbackOutcome {
  readonly rolledBack: boolean;
  /** Differences between the schema before the deployment and after the rollback (empty when exact). */
  readonly differences: readonly SchemaDifference[];
}

/**
 * Rolls a schema deployment back (it must be ROLLBACK_REQUESTED): the undo of every step
 * it applied, last first; then the schema is read again and compared with the snapshot
 * taken before the deployment. ROLLED_BACK when nothing differs, FAILED (ROLLBACK_FAILED)
 * with the differences otherwise. A repeated request for a finished rollback does nothing.
 */
export async function executeSchemaRollback(deps: SchemaDeploymentDeps, deploymentId: string): Promise<RollbackOutcome | null> {
  return withDeploymentLock(deps.catalog, deploymentId, async () => {
    const state = await loadSchemaDeployment(deps.catalog, deploymentId);
    if (!state) throw new ShadowtuneError('NOT_FOUND', `deployment ${deploymentId} does not exist`, { context: { deploymentId } });
    if (state.step !== 'ROLLBACK_REQUESTED') return null;
    const proposal = await loadSchemaProposal(deps.catalog, state.proposalId);
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${state.proposalId} is not a schema-evolver proposal`, { context: { proposalId: state.proposalId } });
    let statements: string[];
    try {
      statements = await undoPlanSteps({ deployer: deps.deployer, catalog: deps.catalog, deploymentId, plan: proposal.plan, logger: deps.logger });
    } catch (thrown) {
      const error = toShadowtuneError(thrown);
      if (error.retriable) throw error;
      const event = await advanceSchemaDeployment(deps.catalog, {
        deploymentId,
        from: ['ROLLBACK_REQUESTED'],
        to: 'FAILED',
        reason: `ROLLBACK_FAILED: ${error.code} (${error.context.errorCode ?? error.code})`,
        statements: [],
      });
      await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { stage: 'failed' });
      if (event) await deps.publish(event);
      return { rolledBack: false, differences: [] };
    }
    const after = await captureSchemaSnapshot(deps.introspection);
    const differences = state.snapshotBefore === null ? [] : diffSchemaSnapshots(state.snapshotBefore, after);
    await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { stage: differences.length === 0 ? 'rolled-back' : 'failed', rollbackDiff: differences });
    const event = await advanceSchemaDeployment(deps.catalog, {
      deploymentId,
      from: ['ROLLBACK_REQUESTED'],
      to: differences.length === 0 ? 'ROLLED_BACK' : 'FAILED',
      reason:
        differences.length === 0
          ? `rolled back; the schema diff against the snapshot taken before the deployment is empty (schema version ${after.model.version.slice(0, 12)})`
          : `ROLLBACK_FAILED: the schema differs from before the deployment in ${differences.length} place(s): ${differences.slice(0, 5).map((d) => `${d.object} ${d.change}`).join('; ')}`,
      statements,
    });
    if (event) await deps.publish(event);
    if (differences.length > 0) deps.logger.error({ deploymentId, differences }, 'rollback left the schema different from before');
    return { rolledBack: differences.length === 0, differences };
  });
}
