import type pg from 'pg';
import type { BusEventOf } from '@shadowtune/shared/bus/bus';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { advanceSchemaDeployment } from './catalog/advance-schema-deployment.js';
import { loadSchemaProposal } from './catalog/load-schema-proposal.js';
import { executeSchemaDeployment } from './deploy/execute-schema-deployment.js';
import { executeSchemaRollback } from './deploy/execute-schema-rollback.js';
import type { SchemaDeploymentDeps } from './deploy/schema-deployment-deps.js';

/**
 * Handler of `deployments` for schema proposals: a REQUESTED step (an approval by the
 * control plane under the manual policy, or the evolver's own request under the automatic
 * or staged one) is applied; a ROLLBACK_REQUESTED step is rolled back. Other steps, and
 * other kinds of proposal, are someone else's. Every step is idempotent, so redelivery
 * is harmless. Without a production connection for the deployer, a request ends FAILED.
 */
export function createDeploymentHandler(input: {
  readonly catalog: pg.Pool;
  readonly deps: SchemaDeploymentDeps | null;
  readonly publish: (event: DeploymentEvent) => Promise<void>;
  readonly logger: Logger;
}): (event: BusEventOf<'deployments'>) => Promise<void> {
  return async (event) => {
    const step = event.value;
    if (step.proposalKind !== 'SCHEMA' || (step.step !== 'REQUESTED' && step.step !== 'ROLLBACK_REQUESTED')) return;
    if ((await loadSchemaProposal(input.catalog, step.proposalId)) === null) return;
    if (input.deps === null) {
      const failed = await advanceSchemaDeployment(input.catalog, {
        deploymentId: step.deploymentId,
        from: [step.step],
        to: 'FAILED',
        reason: 'DEPLOYMENT_FAILED: no production connection is configured for the migration deployer (services.schemaEvolver.deployer.url or connections.production)',
        statements: [],
      });
      if (failed) await input.publish(failed);
      return;
    }
    input.logger.info({ deploymentId: step.deploymentId, proposalId: step.proposalId, step: step.step }, 'schema deployment step received');
    if (step.step === 'REQUESTED') await executeSchemaDeployment(input.deps, step.deploymentId);
    else await executeSchemaRollback(input.deps, step.deploymentId);
  };
}
