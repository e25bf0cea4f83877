import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import type { Subscription } from '@shadowtune/shared/bus/bus';
import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { createTaskTypeRegistry } from '@shadowtune/shared/workflows/task-type-registry';
import { createWorkflowWorker } from '@shadowtune/shared/workflows/create-workflow-worker';
import { evolverRetentionRules } from './catalog/evolver-retention-rules.js';
import { createDeploymentHandler } from './create-deployment-handler.js';
import { createSignatureHandler } from './create-signature-handler.js';
import type { SchemaDeploymentDeps } from './deploy/schema-deployment-deps.js';
import { watchSchemaDeployments } from './deploy/watch-schema-deployments.js';
import { openEvolverResources } from './open-evolver-resources.js';
import { createLocalReplayer } from './shadow/create-local-replayer.js';
import { pruneExpiredRows } from '@shadowtune/shared/catalog/prune-expired-rows';
import { startPeriodic } from '@shadowtune/shared/service/start-periodic';
import { startSchemaEvolutionWorkflow } from './start-schema-evolution-workflow.js';
import { createSchemaEvolutionTaskType } from './tasks/create-schema-evolution-task-type.js';
import { createCdcVolumeHandler } from './volume/create-cdc-volume-handler.js';
import { sampleTableVolume } from './volume/sample-table-volume.js';

/**
 * schema-evolver: query.signatures (and CDC events) → workload and volume in the catalog;
 * the Schema Evolution workflow task (analysis, shadow A/B, proposals) → schema.proposals;
 * deployments of schema proposals (applied, watched, rolled back) → deployments.
 * Wiring only: the logic lives in its own files.
 */
const schemaEvolver: ServiceDefinition = {
  name: 'schema-evolver',
  consumes: ['query.signatures', 'deployments'],
  produces: ['schema.proposals', 'deployments'],
  async start(context) {
    const settings = context.config.services.schemaEvolver;
    await loadSqlParser();
    const resources = await openEvolverResources(context.config, context.databases);
    const publishDeployment = (event: DeploymentEvent) => context.bus.publish('deployments', event.proposalId, event);
    const deploymentDeps: SchemaDeploymentDeps | null =
      resources.deployer === null || resources.introspection === null || resources.production === null
        ? null
        : {
            catalog: resources.catalog,
            deployer: resources.deployer,
            introspection: resources.introspection,
            reader: resources.production,
            publish: publishDeployment,
            now: Date.now,
            logger: context.logger,
          };
    const registry = createTaskTypeRegistry([
      createSchemaEvolutionTaskType({
        catalog: resources.catalog,
        config: context.config,
        loadModel: resources.loadModel,
        production: resources.production,
        shadow: resources.shadow,
        replayer: createLocalReplayer(),
        publishProposal: (record) => context.bus.publish('schema.proposals', record.tableName, record),
        publishDeployment,
        now: Date.now,
        logger: context.logger,
      }),
    ]);
    const worker = createWorkflowWorker({ pool: resources.catalog, registry, logger: context.logger });
    worker.start();
    const subscriptions: Subscription[] = [
      await context.bus.subscribe({ groupId: settings.groupId, topics: ['query.signatures'], handler: createSignatureHandler(resources.catalog) }),
      await context.bus.subscribe({
        groupId: `${settings.groupId}-deployments`,
        topics: ['deployments'],
        handler: createDeploymentHandler({ catalog: resources.catalog, deps: deploymentDeps, publish: publishDeployment, logger: context.logger }),
      }),
    ];
    if (settings.volume.cdcTopic !== null) {
      subscriptions.push(await context.bus.subscribeRaw({ groupId: `${settings.groupId}-cdc`, topics: [settings.volume.cdcTopic], handler: createCdcVolumeHandler(resources.catalog) }));
    }
    const periodic = [
      startPeriodic(
        'schema-evolution',
        settings.analysis.intervalMs,
        async () => {
          const started = await startSchemaEvolutionWorkflow(resources.catalog, Date.now(), settings.analysis.intervalMs);
          if (started.created) worker.wake();
        },
        context.logger,
      ),
      ...(resources.production === null ? [] : [startPeriodic('volume-sample', settings.volume.sampleIntervalMs, () => sampleTableVolume(resources.production!, resources.catalog, Date.now()), context.logger)]),
      ...(deploymentDeps === null ? [] : [startPeriodic('deployment-watch', settings.watch.intervalMs, () => watchSchemaDeployments(deploymentDeps, settings.watch), context.logger)]),
      startPeriodic('catalog-retention', context.config.catalogRetention.intervalMs, () => pruneExpiredRows(resources.catalog, evolverRetentionRules(context.config), Date.now()), context.logger),
    ];
    return {
      async stop() {
        for (const subscription of subscriptions) await subscription.stop();
        for (const task of periodic) await task.stop();
        await worker.stop();
        await resources.close();
      },
    };
  },
};

export default schemaEvolver;
