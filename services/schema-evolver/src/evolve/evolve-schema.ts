import type pg from 'pg';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { DeploymentEvent, SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import type { ProductionReader } from '@shadowtune/shared/db/databases';
import { toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSchemaProposal } from '../catalog/load-schema-proposal.js';
import { loadWorkload } from '../catalog/load-workload.js';
import { markProposalPublished } from '../catalog/mark-proposal-published.js';
import { recordProposal } from '../catalog/record-proposal.js';
import { recordSkips } from '../catalog/record-skips.js';
import { requestSchemaDeployment } from '../catalog/request-schema-deployment.js';
import { createProductionJsonKeyResolver } from '../proposals/create-production-json-key-resolver.js';
import type { SkippedCandidate } from '../proposals/schema-change-candidate.js';
import { tableStructureHash } from '../proposals/table-structure-hash.js';
import { tablesOfChange } from '../proposals/tables-of-change.js';
import { toSchemaChangeProposal } from '../proposals/to-schema-change-proposal.js';
import { runShadowAb } from '../shadow/run-shadow-ab.js';
import type { WorkloadReplayer } from '../shadow/workload-replayer.js';
import { qualifiedName } from '../usage/qualified-name.js';
import { createVolumeTrendSource } from '../volume/create-volume-trend-source.js';
import { planSchemaChanges } from './plan-schema-changes.js';

export interface EvolveSchemaDeps {
  readonly catalog: pg.Pool;
  readonly config: ShadowtuneConfig;
  /** The schema to evolve (production's, read-only). */
  readonly loadModel: () => Promise<SchemaModel>;
  /** The read-only production role (volume histograms, JSON key census, prechecks); null without production. */
  readonly production: ProductionReader | null;
  /** Where the A/B copies are made; null skips the A/B (nothing is then proposed for deployment). */
  readonly shadow: { readonly serverUrl: string; readonly template: string } | null;
  readonly replayer: WorkloadReplayer;
  readonly publishProposal: (record: SchemaChangeProposal) => Promise<void>;
  readonly publishDeployment: (event: DeploymentEvent) => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
}

export interface EvolutionOutcome {
  readonly analysisId: string;
  readonly statements: number;
  readonly proposed: readonly { readonly proposalId: string; readonly changeType: string; readonly tableName: string; readonly verdict: string | null; readonly created: boolean }[];
  readonly skipped: readonly SkippedCandidate[];
  readonly deploymentsRequested: number;
}

/**
 * One Schema Evolution: the workload observed in the analysis window, the data pattern
 * analysis and candidates, then for each candidate the read-only prechecks on production
 * and the A/B on shadow copies; only a migration that improves the workload without
 * regressing any fingerprint is recorded and published on schema.proposals (idempotent by
 * proposal id). Under the automatic or staged policy its deployment is requested at once;
 * under the manual policy it waits for approval. Every candidate left out is recorded with
 * its reason code.
 */
export async function evolveSchema(deps: EvolveSchemaDeps, request: { readonly analysisId: string; readonly database: string | null }): Promise<EvolutionOutcome> {
  const settings = deps.config.services.schemaEvolver;
  const now = deps.now();
  const workload = await loadWorkload(deps.catalog, { since: new Date(now - settings.analysis.windowMs), database: request.database });
  const model = await deps.loadModel();
  const planning = await planSchemaChanges({
    workload,
    model,
    config: deps.config,
    volume: createVolumeTrendSource({ production: deps.production, catalog: deps.catalog, samplePercent: settings.volume.histogramSamplePercent, since: new Date(now - settings.analysis.windowMs) }),
    jsonKeyResolver: deps.production === null ? null : createProductionJsonKeyResolver(deps.production, { sampleRows: settings.analysis.jsonKeySampleRows, margin: settings.analysis.jsonKeyMatchMargin }),
    now,
  });
  const skipped: SkippedCandidate[] = [...planning.skipped];
  const proposed: EvolutionOutcome['proposed'][number][] = [];
  let deploymentsRequested = 0;
  for (const change of planning.planned) {
    const skip = (reasonCode: SkippedCandidate['reasonCode'], detail: string, evidence: Readonly<Record<string, number>> = {}) =>
      skipped.push({ changeType: change.record.changeType, tableName: change.record.tableName, columnName: change.record.columnName, reasonCode, detail, evidence: { ...change.record.evidence, ...evidence } });
    const known = await loadSchemaProposal(deps.catalog, change.record.proposalId);
    if (known !== null) {
      // Proposed by an earlier analysis: not measured or published again.
      if (known.status !== 'PENDING' && known.status !== 'APPROVED') skip('ALREADY_DECIDED', `the same change was proposed before and is ${known.status}`);
      else proposed.push({ proposalId: known.record.proposalId, changeType: known.record.changeType, tableName: known.record.tableName, verdict: known.record.verdict, created: false });
      continue;
    }
    if (deps.production !== null) {
      let failed: string | null = null;
      for (const precheck of change.plan.prechecks) {
        try {
          const result = await deps.production.query(precheck.sql);
          if (result.rows.length > 0) failed = `expected ${precheck.description}, which does not hold on production`;
        } catch (error) {
          // A check that cannot run (statement_timeout on a huge table...) is not a pass.
          failed = `could not check that ${precheck.description} (${toShadowtuneError(error).code})`;
        }
        if (failed !== null) break;
      }
      if (failed !== null) {
        skip('PRECHECK_FAILED', failed);
        continue;
      }
    }
    let record: SchemaChangeProposal = change.record;
    let abResult: unknown = null;
    if (deps.shadow !== null) {
      const ab = await runShadowAb({
        candidate: change.candidate,
        plan: change.plan,
        used: planning.used,
        model,
        shadowServerUrl: deps.shadow.serverUrl,
        shadowTemplate: deps.shadow.template,
        replayer: deps.replayer,
        settings: settings.abTest,
        jsonKeys: planning.resolvedJsonKeys,
        logger: deps.logger,
      });
      abResult = ab;
      if (ab.kind === 'failed') {
        skip('AB_FAILED', ab.summary);
        continue;
      }
      if (ab.verdict === 'REGRESSES') {
        skip('AB_REGRESSED', ab.summary, ab.evidence);
        continue;
      }
      if (ab.verdict === 'NEUTRAL') {
        skip('AB_NOT_IMPROVED', ab.summary, ab.evidence);
        continue;
      }
      record = toSchemaChangeProposal(change.candidate, change.plan, ab.summary, now, ab.evidence);
    }
    const recorded = await recordProposal(deps.catalog, {
      record,
      spec: change.candidate.spec,
      plan: change.plan,
      fingerprints: change.candidate.fingerprints,
      baseStructure: tableStructureHash(model, tablesOfChange(change.candidate.spec)),
      abResult,
    });
    if (recorded.status !== 'PENDING' && recorded.status !== 'APPROVED') {
      skip('ALREADY_DECIDED', `the same change was proposed before and is ${recorded.status}`);
      continue;
    }
    if (recorded.publishedAt === null) {
      await deps.publishProposal(record);
      await markProposalPublished(deps.catalog, record.proposalId);
    }
    proposed.push({ proposalId: record.proposalId, changeType: record.changeType, tableName: qualifiedName(change.candidate.spec.table), verdict: record.verdict, created: recorded.created });
    const mode = deps.config.rewriteRuleDeploymentPolicy.mode;
    // Only a change measured on the shadow goes out without a person deciding.
    if (mode !== 'manual' && deps.shadow !== null) {
      const event = await requestSchemaDeployment(deps.catalog, record.proposalId, mode === 'automatic' ? 'AUTOMATIC' : 'AB');
      if (event) {
        await deps.publishDeployment(event);
        deploymentsRequested += 1;
      }
    }
  }
  await recordSkips(deps.catalog, request.analysisId, skipped);
  deps.logger.info({ analysisId: request.analysisId, statements: workload.length, proposed: proposed.length, skipped: skipped.length }, 'schema evolution done');
  return { analysisId: request.analysisId, statements: workload.length, proposed, skipped, deploymentsRequested };
}
