import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { advanceSchemaDeployment } from '../catalog/advance-schema-deployment.js';
import { loadSchemaDeployment } from '../catalog/load-schema-deployment.js';
import { loadSchemaProposal } from '../catalog/load-schema-proposal.js';
import { loadStepProgress } from '../catalog/load-step-progress.js';
import { saveSchemaDeploymentState } from '../catalog/save-schema-deployment-state.js';
import { tableStructureHash } from '../proposals/table-structure-hash.js';
import { tablesOfChange } from '../proposals/tables-of-change.js';
import { applyPlanSteps } from './apply-plan-steps.js';
import { captureSchemaSnapshot } from './capture-schema-snapshot.js';
import type { SchemaDeploymentDeps } from './schema-deployment-deps.js';
import { undoPlanSteps } from './undo-plan-steps.js';
import { withDeploymentLock } from './with-deployment-lock.js';

/**
 * Applies a REQUESTED schema deployment to production. First time: a snapshot of the
 * schema (what a rollback must restore), a staleness check (the changed tables still have
 * the structure the proposal was computed against) and the read-only prechecks; any
 * failing one ends the deployment FAILED with the reason. Then the migration steps run
 * through the migration deployer — all of them, or under the staged policy (AB) only the
 * expand phase, the switch following once the watch keeps it. A step failing for a
 * retriable reason (lock_timeout) is rethrown to be retried, resuming after the last
 * completed step; any other failure undoes what was applied and ends FAILED. A
 * redelivered request for a deployment that moved on does nothing.
 */
export async function executeSchemaDeployment(deps: SchemaDeploymentDeps, deploymentId: string): Promise<void> {
  await withDeploymentLock(deps.catalog, deploymentId, async () => {
    const state = await loadSchemaDeployment(deps.catalog, deploymentId);
    if (!state) throw new ShadowtuneError('NOT_FOUND', `deployment ${deploymentId} does not exist`, { context: { deploymentId } });
    if (state.step !== 'REQUESTED') return;
    const proposal = await loadSchemaProposal(deps.catalog, state.proposalId);
    if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${state.proposalId} is not a schema-evolver proposal`, { context: { proposalId: state.proposalId } });
    const fail = async (reason: string) => {
      await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { stage: 'failed' });
      const event = await advanceSchemaDeployment(deps.catalog, { deploymentId, from: ['REQUESTED'], to: 'FAILED', reason, statements: [] });
      if (event) await deps.publish(event);
    };
    const started = (await loadStepProgress(deps.catalog, deploymentId, 'up')).size > 0;
    if (!started) {
      const snapshot = await captureSchemaSnapshot(deps.introspection);
      if (tableStructureHash(snapshot.model, tablesOfChange(proposal.spec)) !== proposal.baseStructure) {
        return fail('STALE_PROPOSAL: the tables changed since the proposal was made; the next analysis proposes again from the current schema');
      }
      for (const precheck of proposal.plan.prechecks) {
        let holds: boolean;
        try {
          holds = (await deps.reader.query(precheck.sql)).rows.length === 0;
        } catch (thrown) {
          const error = toShadowtuneError(thrown);
          if (error.retriable) throw error;
          return fail(`PRECHECK_FAILED: could not check that ${precheck.description} (${error.code})`);
        }
        if (!holds) return fail(`PRECHECK_FAILED: expected ${precheck.description}, which does not hold on production`);
      }
      await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { snapshotBefore: snapshot, versionBefore: snapshot.model.version });
    }
    const staged = state.policy === 'AB' && proposal.plan.steps.some((s) => s.phase === 'switch');
    let statements: string[];
    try {
      statements = await applyPlanSteps({ deployer: deps.deployer, catalog: deps.catalog, deploymentId, plan: proposal.plan, phase: staged ? 'expand' : 'all', logger: deps.logger });
    } catch (thrown) {
      const error = toShadowtuneError(thrown);
      if (error.retriable) throw error;
      const undone = await undoPlanSteps({ deployer: deps.deployer, catalog: deps.catalog, deploymentId, plan: proposal.plan, logger: deps.logger }).catch(() => null);
      // The server's message may quote a production value (a cast that failed): only codes go into the event.
      const cause = error.context.errorCode ?? error.code;
      const sqlState = (error.cause as { context?: { sqlState?: string } } | undefined)?.context?.sqlState;
      return fail(`${error.code} (${cause}${sqlState ? `, SQLSTATE ${sqlState}` : ''})${undone === null ? '; undoing the applied steps failed too' : '; the applied steps were undone'}`);
    }
    const appliedAt = new Date(deps.now());
    await saveSchemaDeploymentState(deps.catalog, deploymentId, state.proposalId, state.policy, { stage: staged ? 'expanded' : 'switched', appliedAt, watchVerdict: 'watching' });
    const event = await advanceSchemaDeployment(deps.catalog, {
      deploymentId,
      from: ['REQUESTED'],
      to: 'APPLIED',
      reason: staged ? 'stage 1 of 2 applied (expand); the switch follows when the watch keeps it' : 'migration applied; watching production latency',
      statements,
    });
    if (event) await deps.publish(event);
  });
}
