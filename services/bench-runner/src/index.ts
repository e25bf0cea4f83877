import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { benchRunnerOptions } from './bench-runner-options.js';
import { benchResultStore } from '@shadowtune/shared/catalog/bench-result-store';
import { findFindingQuery } from './catalog/find-finding-query.js';
import { handleBenchRequest } from './handle-bench-request.js';
import { handleSyntheticDataset } from './handle-synthetic-dataset.js';
import { shadowPools } from '@shadowtune/shared/db/shadow-pools';

// Wiring only: measuring lives in measure/, parameters in params/, handlers beside this file.
const benchRunner: ServiceDefinition = {
  name: 'bench-runner',
  consumes: ['synth.datasets', 'bench.requests'],
  produces: ['bench.results'],
  async start({ config, logger, bus, databases }) {
    await loadSqlParser();
    const catalog = await databases.catalog();
    const pools = shadowPools(databases);
    const bench = config.services.benchRunner;
    const deps = {
      store: benchResultStore(catalog.pool),
      shadowFor: (database: string | null) => pools.poolFor(database),
      publish: (result: Parameters<typeof bus.publish<'bench.results'>>[2]) => bus.publish('bench.results', result.fingerprint, result),
      options: benchRunnerOptions(config),
      now: () => Date.now(),
      logger,
      findQuery: (findingId: string) => findFindingQuery(catalog.pool, findingId),
      defaults: { runs: bench.runs, warmupRuns: bench.warmupRuns, statementTimeoutMs: bench.statementTimeoutMs },
    };
    const subscription = await bus.subscribe({
      groupId: bench.groupId,
      topics: ['synth.datasets', 'bench.requests'],
      handler: async (event) => {
        if (event.topic === 'bench.requests') await handleBenchRequest(event.value, deps);
        else await handleSyntheticDataset(event.value, deps);
      },
    });
    return {
      async stop() {
        await subscription.stop();
        await pools.close();
      },
    };
  },
};

export default benchRunner;
