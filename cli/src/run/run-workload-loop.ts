import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchRunnerOptions } from '@shadowtune/bench-runner/bench-runner-options';
import { handleBenchRequest, type BenchRunnerDeps } from '@shadowtune/bench-runner/handle-bench-request';
import { handleSyntheticDataset } from '@shadowtune/bench-runner/handle-synthetic-dataset';
import { captureLogFile } from '@shadowtune/capture/inputs/log-file/capture-log-file';
import { createEngineDeps } from '@shadowtune/rewrite-engine/create-engine-deps';
import { handleBenchResult } from '@shadowtune/rewrite-engine/handle-bench-result';
import { handleFinding } from '@shadowtune/rewrite-engine/handle-finding';
import { runAnalyze } from '@shadowtune/signature-analyzer/analyze/run-analyze';
import { readSchemaModel } from '@shadowtune/synth-generator/cli/read-schema-model';
import { synthesizeInto } from '@shadowtune/synth-generator/cli/synthesize-into';
import { buildDatasetForFinding } from '@shadowtune/synth-generator/service/build-dataset-for-finding';
import { openProductionSources } from '@shadowtune/synth-generator/service/open-production-sources';
import { synthesisSettingsOf } from '@shadowtune/synth-generator/service/synthesis-settings';
import { createMemoryBus } from '@shadowtune/shared/bus/memory-bus';
import { benchResultStore } from '@shadowtune/shared/catalog/bench-result-store';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { BenchRequest, BenchResult, QueryFinding, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import { databaseUrl } from '@shadowtune/shared/db/database-url';
import type { Databases } from '@shadowtune/shared/db/databases';
import { shadowPools } from '@shadowtune/shared/db/shadow-pools';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import type { FindingReport, LoopReport } from './loop-report.js';

export interface RunLoopOptions {
  readonly config: ShadowtuneConfig;
  readonly schema: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'production'; readonly url: string };
  readonly log: { readonly path: string; readonly format: 'stderr' | 'csvlog' | 'jsonlog'; readonly prefix: string };
  readonly databases: Databases;
  readonly logger: Logger;
  /** Progress of the stages, for a progress bar. */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  /** Keep the run's shadow database afterwards (for inspection). */
  readonly keepShadow?: boolean;
}

/**
 * The whole loop of one workload in one process, stage after stage so nothing races for
 * the shadow: the schema (a file, or production read through the read-only role) is
 * replicated into a fresh database on the shadow server and filled with synthetic data
 * (SyntheticDataVolume); capture reads the log and the signature-analyzer examines every
 * statement against that shadow; then, finding by finding (most severe first), the
 * synth-generator loads the finding's dataset, the bench-runner measures its baseline,
 * the rewrite-engine plans candidates, the bench-runner measures them and the engine
 * judges, proposes and deploys per policy. The same handlers as the services, called in
 * order instead of over the bus.
 */
export async function runWorkloadLoop(options: RunLoopOptions): Promise<LoopReport> {
  const { config, logger } = options;
  await loadSqlParser();
  const startedAt = Date.now();
  const shadow = await options.databases.shadow();
  const runDatabase = `shadowtune_run_${randomBytes(5).toString('hex')}`;
  const runUrl = databaseUrl(shadow.url, runDatabase);
  const admin = new pg.Client({ connectionString: shadow.url, application_name: 'shadowtune-run' });
  await admin.connect().catch((error: unknown) => {
    throw toDatabaseError(error);
  });
  await admin.query(`CREATE DATABASE ${quoteIdentifier(runDatabase)}`).catch((error: unknown) => {
    throw toDatabaseError(error);
  });
  const runPool = new pg.Pool({ connectionString: runUrl, max: 4, application_name: 'shadowtune-run' });
  runPool.on('error', () => {
    // An idle connection dropped; the next query reconnects.
  });
  const bus = createMemoryBus({ logger });
  // With the operator's opt-in, production's most common values are read, reproduced in the
  // shadow (the dataset record names those columns), and so become what the engine may
  // leave out of a partial index.
  const productionValues = options.schema.kind === 'production' && config.productionValues.mostCommonValues;
  const engineRuntime = await createEngineDeps(config, options.databases, bus, logger, { defaultShadowDatabase: runDatabase });
  const production = options.schema.kind === 'production' ? await openProductionSources(options.schema.url, config.services.synthGenerator.schemaRefreshMs, { mostCommonValues: productionValues }) : null;
  try {
    // 1. The shadow: the schema replicated and filled, so the analyzer sees realistic sizes and plans.
    options.onProgress?.('replicating and filling the shadow', 0, 1);
    const model =
      options.schema.kind === 'file'
        ? await readSchemaModel({ kind: 'file', path: options.schema.path, scratchServerUrl: shadow.url })
        : await readSchemaModel({ kind: 'url', url: options.schema.url, mostCommonValues: productionValues });
    const settings = synthesisSettingsOf(config);
    await synthesizeInto({ model, targetUrl: runUrl, settings, focus: null });
    options.onProgress?.('replicating and filling the shadow', 1, 1);

    // 2. Capture and analysis of the workload against the filled shadow (read-only).
    let statements = 0;
    const analysis = await runAnalyze({
      config,
      schema: { kind: 'production', url: options.schema.kind === 'production' ? options.schema.url : runUrl },
      logger,
      capture: (onSignature) => captureLogFile({ path: options.log.path, format: options.log.format, prefix: options.log.prefix, config, logger }, onSignature),
      onProgress: (count) => {
        statements = count;
        if (count % 200 === 0) options.onProgress?.('analyzing the workload', count, 0);
      },
    });
    logger.info({ signatures: statements, findings: analysis.findings.length }, 'workload analyzed');

    // 3. Finding by finding: dataset, baseline, candidates, measurements, proposals.
    const catalog = (await options.databases.catalog()).pool;
    const pools = shadowPools(options.databases);
    const requests: BenchRequest[] = [];
    const proposals = new Map<string, RewriteProposal>();
    const engine = {
      ...engineRuntime.deps,
      publishRequest: async (request: BenchRequest) => {
        requests.push(request);
      },
      publishProposal: async (proposal: RewriteProposal) => {
        proposals.set(proposal.proposalId, proposal);
      },
    };
    const benchDeps: BenchRunnerDeps & Parameters<typeof handleSyntheticDataset>[1] = {
      store: benchResultStore(catalog),
      shadowFor: (database) => pools.poolFor(database ?? runDatabase),
      publish: async () => undefined,
      options: benchRunnerOptions(config),
      now: () => Date.now(),
      logger,
      findQuery: async (findingId) => (await engine.findings.byId(findingId))?.normalizedSql ?? null,
      defaults: { runs: config.services.benchRunner.runs, warmupRuns: config.services.benchRunner.warmupRuns, statementTimeoutMs: config.services.benchRunner.statementTimeoutMs },
    };
    const findings: FindingReport[] = [];
    const shadowModel = await introspectSchema(runPool);
    let done = 0;
    for (const finding of analysis.findings) {
      options.onProgress?.('measuring candidates', done, analysis.findings.length);
      const report = await evaluateFinding(finding);
      findings.push(report);
      done += 1;
    }
    options.onProgress?.('measuring candidates', done, analysis.findings.length);
    await pools.close();

    async function evaluateFinding(finding: QueryFinding): Promise<FindingReport> {
      try {
        await handleFinding(finding, engine.findings, shadowModel);
        const dataset = await buildDatasetForFinding(finding, {
          settings,
          shadow: runPool,
          catalog,
          production,
          profilesFor: () => [],
          rowRatioLimit: config.services.synthGenerator.fidelityRowRatioLimit,
          logger,
        });
        const baseline: BenchResult = await handleSyntheticDataset(dataset, benchDeps);
        const asked = requests.length;
        await handleBenchResult(baseline, engine);
        for (const request of requests.slice(asked)) {
          const result = await handleBenchRequest(request, benchDeps);
          await handleBenchResult(result, engine);
        }
        return {
          finding,
          datasetId: dataset.datasetId,
          proposals: [],
          candidates: await engine.evaluations.candidatesOf(finding.fingerprint),
          skips: await engine.findings.skipsOf(finding.findingId),
          error: null,
        };
      } catch (error) {
        const failure = toShadowtuneError(error);
        logger.warn({ err: failure, findingId: finding.findingId }, 'finding could not be evaluated');
        return { finding, datasetId: null, proposals: [], candidates: [], skips: await engine.findings.skipsOf(finding.findingId).catch(() => []), error: `${failure.code}: ${failure.message}` };
      }
    }

    const stored = (await Promise.all([...proposals.keys()].map((id) => engine.deploy.proposals.get(id)))).filter((p): p is RewriteProposal => p !== null);
    return {
      startedAt,
      finishedAt: Date.now(),
      signatures: analysis.signatures,
      deadLetters: analysis.capture.deadLetters,
      findings: findings.map((f) => ({ ...f, proposals: stored.filter((p) => p.fingerprints.includes(f.finding.fingerprint)).map((p) => p.proposalId) })),
      silences: analysis.silences.length,
      proposals: stored,
      policy: config.rewriteRuleDeploymentPolicy.mode,
    };
  } finally {
    await production?.close().catch(() => undefined);
    await engineRuntime.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await runPool.end().catch(() => undefined);
    if (!options.keepShadow) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(runDatabase)} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
