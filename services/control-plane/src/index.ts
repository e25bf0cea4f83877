import { registerBuiltInPersonas } from '@shadowtune/shared/personas/register-built-in-personas';
import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { createWorkflowWorker } from '@shadowtune/shared/workflows/create-workflow-worker';
import { createTaskTypeRegistry } from '@shadowtune/shared/workflows/task-type-registry';
import { createPersonaCreationTaskType } from '@shadowtune/shared/workflows/tasks/persona-creation-task';
import { createApplicationDeploymentHandler } from '@shadowtune/shared/workflows/triggers/handle-application-deployment-event';
import { buildControlPlaneApp } from './build-control-plane-app.js';

/**
 * The control plane: the HTTP API (personas, applications, workflows, proposals,
 * deployments, findings, signatures), the New Application Deployment consumer of
 * app.deployments, and a workflow worker running Persona Creation. Wiring only.
 */
const controlPlane: ServiceDefinition = {
  name: 'control-plane',
  consumes: ['app.deployments'],
  produces: ['deployments'],
  async start(context) {
    const settings = context.config.services.controlPlane;
    const { pool } = await context.databases.catalog();
    await registerBuiltInPersonas(pool);
    const serverNames = Object.keys(settings.targetServers);

    const registry = createTaskTypeRegistry([createPersonaCreationTaskType({ catalog: pool, resolveServerUrl: (name) => settings.targetServers[name] ?? null })]);
    const worker = createWorkflowWorker({
      pool,
      registry,
      logger: context.logger.child({ part: 'workflow-worker' }),
      leaseMs: settings.workflowLeaseMs,
      pollMs: settings.workflowPollMs,
      concurrency: settings.workflowConcurrency,
    });
    worker.start();

    const subscription = await context.bus.subscribe({
      groupId: settings.groupId,
      topics: ['app.deployments'],
      handler: createApplicationDeploymentHandler({ catalog: pool, targetServers: serverNames, logger: context.logger, onStarted: () => worker.wake() }),
    });

    const app = await buildControlPlaneApp({
      catalog: pool,
      logger: context.logger,
      apiToken: settings.apiToken,
      targetServers: serverNames,
      publishDeploymentEvent: (event) => context.bus.publish('deployments', event.proposalId, event),
      onWorkflowStarted: () => worker.wake(),
    });
    const url = await app.listen({ host: settings.host, port: settings.port });
    context.logger.info({ url, writes: settings.apiToken === null ? 'disabled (no API token)' : 'bearer token' }, 'control-plane API listening');
    process.stdout.write(`listening on ${url}\n`);

    return {
      async stop() {
        await app.close();
        await subscription.stop();
        await worker.stop();
      },
    };
  },
};

export default controlPlane;
