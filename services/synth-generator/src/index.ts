import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { createParameterProfileStore } from './service/create-parameter-profile-store.js';
import { datasetDatabases } from './service/dataset-databases.js';
import { findPendingDatasets } from './service/find-pending-datasets.js';
import { handleQueryFinding } from './service/handle-query-finding.js';
import { handleQuerySignature } from './service/handle-query-signature.js';
import { openProductionSources } from './service/open-production-sources.js';
import { synthesisSettingsOf } from './service/synthesis-settings.js';

/**
 * synth-generator: query.findings → synthetic dataset (its own database on the shadow
 * server unless datasetDatabases is 'shared') → synth.datasets
 * (keyed by fingerprint). Also listens to query.signatures for the parameter profiles
 * of fingerprints (kept in memory, bounded) and for relations production's cached schema
 * model lacks (the next finding then re-reads it and re-syncs the shadow).
 */
const service: ServiceDefinition = {
  name: 'synth-generator',
  consumes: ['query.findings', 'query.signatures'],
  produces: ['synth.datasets'],
  async start(context) {
    const { config, databases, bus, logger, metrics } = context;
    const own = config.services.synthGenerator;
    const shadow = await databases.shadow();
    const catalog = await databases.catalog();
    const production = config.connections.production === null ? null : await openProductionSources(config.connections.production, own.schemaRefreshMs, { mostCommonValues: config.productionValues.mostCommonValues });
    const profiles = createParameterProfileStore(own.profileCacheSize);
    const perDataset = own.datasetDatabases === 'per-dataset' ? {
            datasetDatabases: datasetDatabases({
              shadow: shadow.pool,
              shadowUrl: shadow.url,
              retain: own.retainDatasetDatabases,
              pendingTimeoutMs: own.datasetPendingTimeoutMs,
              isPending: (datasets) => findPendingDatasets(catalog.pool, datasets),
              logger,
            }),
          } : {};
    const findings = await bus.subscribe({
      groupId: own.groupId,
      topics: ['query.findings'],
      handler: handleQueryFinding(
        { settings: synthesisSettingsOf(config), shadow: shadow.pool, catalog: catalog.pool, production, profilesFor: profiles.profilesFor, rowRatioLimit: own.fidelityRowRatioLimit, logger, ...perDataset },
        async (key, record) => {
          await bus.publish('synth.datasets', key, record);
          metrics.eventsOut.inc({ topic: 'synth.datasets' });
        },
      ),
    });
    const signatures = await bus.subscribe({
      groupId: `${own.groupId}-profiles`,
      topics: ['query.signatures'],
      fromBeginning: false,
      handler: handleQuerySignature(profiles, production?.schema ?? null),
    });
    return {
      async stop() {
        await Promise.all([findings.stop(), signatures.stop()]);
        await production?.close();
      },
    };
  },
};

export default service;
