import type pg from 'pg';
import type { BusEventOf } from '../../bus/bus.js';
import type { Logger } from '../../log/create-logger.js';
import { startApplicationDeployment } from './start-application-deployment.js';

export interface ApplicationDeploymentHandlerDependencies {
  readonly catalog: pg.Pool;
  readonly targetServers: readonly string[];
  readonly logger: Logger;
  /** Called after a workflow was started, to wake this process's worker. */
  readonly onStarted?: (workflowId: string) => void;
}

/**
 * Handler of app.deployments events (New Application Deployment): starts the Persona
 * Creation workflow of the named application. Redelivery is harmless (the deployment is
 * idempotent per application). A bad event (unknown persona, invalid name, conflicting
 * deployment) throws a non-retriable ShadowtuneError, so the bus dead-letters it with the
 * reason and moves on; an unreachable catalog is retriable.
 */
export function createApplicationDeploymentHandler(deps: ApplicationDeploymentHandlerDependencies): (event: BusEventOf<'app.deployments'>) => Promise<void> {
  return async (event) => {
    const { deploymentEventId, requestedAt: _requestedAt, ...request } = event.value;
    const started = await startApplicationDeployment(deps.catalog, request, { targetServers: deps.targetServers });
    deps.logger.info(
      { deploymentEventId, applicationId: started.applicationId, workflowId: started.workflowId, created: started.created },
      started.created ? 'new application deployment: persona creation started' : 'new application deployment already known',
    );
    if (started.created) deps.onStarted?.(started.workflowId);
  };
}
