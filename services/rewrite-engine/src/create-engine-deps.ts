import { benchResultStore } from '@shadowtune/shared/catalog/bench-result-store';
import { shadowPools } from '@shadowtune/shared/db/shadow-pools';
import type { Bus } from '@shadowtune/shared/bus/bus';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import { createDeployer, type Deployer } from '@shadowtune/shared/db/create-deployer';
import type { Databases } from '@shadowtune/shared/db/databases';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { keepProductionValues } from './candidates/keep-production-values.js';
import { readProductionValueColumns } from './catalog/read-production-value-columns.js';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { deploymentStore } from './catalog/deployment-store.js';
import { evaluationStore } from './catalog/evaluation-store.js';
import { findingStore } from './catalog/finding-store.js';
import { guardStatements } from './catalog/guard-statements.js';
import { latencyStore } from './catalog/latency-store.js';
import { proposalStore } from './catalog/proposal-store.js';
import { ruleStore } from './catalog/rule-store.js';
import { withAdvisoryLock } from './catalog/with-advisory-lock.js';
import type { EngineDeps } from './engine-deps.js';
import { judgeOptionsOf, planOptionsOf } from './engine-options.js';

export interface EngineRuntime {
  readonly deps: EngineDeps;
  close(): Promise<void>;
}

/** Builds the engine's dependencies from the process's configuration, databases and bus. */
export interface EngineDepsOptions {
  /** Shadow database used when no dataset names one (default: the configured shadow's). */
  readonly defaultShadowDatabase?: string;
}

export async function createEngineDeps(config: ShadowtuneConfig, databases: Databases, bus: Bus, logger: Logger, options: EngineDepsOptions = {}): Promise<EngineRuntime> {
  await loadSqlParser();
  const catalog = (await databases.catalog()).pool;
  const pools = shadowPools(databases);
  const engine = config.services.rewriteEngine;
  let deployer: Promise<Deployer | null> | null = null;
  const deployerUrl = engine.deployer.url ?? config.connections.production;
  const results = benchResultStore(catalog);
  // A dataset's model carries the most common values its record says are production's
  // (productionValues.mostCommonValues, read and reproduced by the synth-generator); no others.
  const modelOf = async (datasetId: string | null) => {
    const database = (datasetId === null ? null : await results.shadowDatabaseOf(datasetId)) ?? options.defaultShadowDatabase ?? null;
    const real = datasetId === null ? [] : await readProductionValueColumns(catalog, datasetId);
    const model = await introspectSchema(await pools.poolFor(database), { mostCommonValues: real.length > 0 });
    return keepProductionValues(model, real);
  };
  const deps: EngineDeps = {
    findings: findingStore(catalog),
    evaluations: evaluationStore(catalog),
    deploy: {
      proposals: proposalStore(catalog),
      deployments: deploymentStore(catalog),
      rules: ruleStore(catalog),
      latency: latencyStore(catalog),
      deployer: () => {
        deployer ??= deployerUrl
          ? createDeployer({ url: deployerUrl, lockTimeoutMs: engine.deployer.lockTimeoutMs, statementTimeoutMs: engine.deployer.statementTimeoutMs }).catch((error: unknown) => {
              deployer = null;
              throw error;
            })
          : Promise.resolve(null);
        return deployer;
      },
      publishDeployment: (event) => bus.publish('deployments', event.proposalId, event),
      publishRule: (rule) => bus.publish('rewrite.rules', rule.fingerprint, rule),
      withLock: (key, work) => withAdvisoryLock(catalog, `deployment:${key}`, work),
      watch: engine.watch,
      now: () => Date.now(),
      logger,
    },
    shadowModel: modelOf,
    guardsOn: async (tables, except) => guardStatements(catalog, await modelOf(null).catch(() => null), tables, except, engine.maxGuards),
    publishRequest: (request) => bus.publish('bench.requests', request.fingerprint, request),
    publishProposal: (proposal) => bus.publish('rewrite.proposals', proposal.proposalId, proposal),
    planOptions: planOptionsOf(config),
    judgeOptions: judgeOptionsOf(config),
    policy: config.rewriteRuleDeploymentPolicy,
    now: () => Date.now(),
    logger,
  };
  return {
    deps,
    async close() {
      await pools.close();
      const d = await (deployer ?? Promise.resolve(null)).catch(() => null);
      await d?.close();
    },
  };
}
