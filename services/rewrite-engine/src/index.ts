import { pruneExpiredRows } from '@shadowtune/shared/catalog/prune-expired-rows';
import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { startPeriodic } from '@shadowtune/shared/service/start-periodic';
import { engineRetentionRules } from './catalog/engine-retention-rules.js';
import { createEngineDeps } from './create-engine-deps.js';
import { watchDeployments } from './deploy/watch-deployments.js';
import { handleBenchResult } from './handle-bench-result.js';
import { handleDeploymentEvent } from './handle-deployment-event.js';
import { handleFinding } from './handle-finding.js';
import { handleSignature } from './handle-signature.js';

// Wiring only: candidates/, rewrites/, evaluate/, proposals/ and deploy/ hold the logic.
const rewriteEngine: ServiceDefinition = {
  name: 'rewrite-engine',
  consumes: ['query.findings', 'bench.results', 'deployments', 'query.signatures'],
  produces: ['bench.requests', 'rewrite.proposals', 'rewrite.rules', 'deployments'],
  async start({ config, logger, bus, databases }) {
    const runtime = await createEngineDeps(config, databases, bus, logger);
    const { deps } = runtime;
    const engine = config.services.rewriteEngine;
    const main = await bus.subscribe({
      groupId: engine.groupId,
      topics: ['query.findings', 'bench.results', 'deployments'],
      handler: async (event) => {
        if (event.topic === 'query.findings') await handleFinding(event.value, deps.findings, await deps.shadowModel(null).catch(() => null));
        else if (event.topic === 'bench.results') await handleBenchResult(event.value, deps);
        else await handleDeploymentEvent(event.value, deps.deploy);
      },
    });
    // Production latency of fingerprints with a live proposal, for the watch.
    let watched = await deps.deploy.proposals.watchedFingerprints();
    let refreshedAt = Date.now();
    const latency = await bus.subscribe({
      groupId: `${engine.groupId}-latency`,
      topics: ['query.signatures'],
      fromBeginning: false,
      handler: async (event) => {
        if (Date.now() - refreshedAt > 10_000) {
          watched = await deps.deploy.proposals.watchedFingerprints();
          refreshedAt = Date.now();
        }
        await handleSignature(event.value, watched, deps.deploy.latency);
      },
    });
    const periodic = [
      startPeriodic('deployment-watch', engine.watch.intervalMs, () => watchDeployments(deps.deploy), logger),
      startPeriodic('catalog-retention', config.catalogRetention.intervalMs, async () => pruneExpiredRows((await databases.catalog()).pool, engineRetentionRules(config), Date.now()), logger),
    ];
    return {
      async stop() {
        await main.stop();
        await latency.stop();
        for (const task of periodic) await task.stop();
        await runtime.close();
      },
    };
  },
};

export default rewriteEngine;
