import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { SchemaChangeProposal } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { analyzeDataPatterns, type VolumeTrendSource } from '../analysis/analyze-data-patterns.js';
import type { DataAnalysisResults } from '../analysis/data-analysis-results.js';
import type { UsedStatement } from '../analysis/used-statement.js';
import { buildMigration } from '../migration/build-migration.js';
import type { MigrationPlan } from '../migration/migration-plan.js';
import type { JsonKeyResolver } from '../proposals/json-key-resolver.js';
import { proposeSchemaChanges } from '../proposals/propose-schema-changes.js';
import type { SchemaChangeCandidate, SkippedCandidate } from '../proposals/schema-change-candidate.js';
import { toSchemaChangeProposal } from '../proposals/to-schema-change-proposal.js';
import type { WorkloadStatement } from '../workload/workload-statement.js';

/** A candidate with its generated migration and the record it would be published as. */
export interface PlannedChange {
  readonly candidate: SchemaChangeCandidate;
  readonly plan: MigrationPlan;
  readonly record: SchemaChangeProposal;
}

export interface SchemaChangePlanning {
  readonly results: DataAnalysisResults;
  readonly used: readonly UsedStatement[];
  readonly planned: readonly PlannedChange[];
  readonly skipped: readonly SkippedCandidate[];
  readonly resolvedJsonKeys: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/**
 * Workload → data pattern analysis → schema change candidates → reversible migrations.
 * Reads production only through the given sources (volume, JSON keys); writes nothing.
 */
export async function planSchemaChanges(input: {
  readonly workload: readonly WorkloadStatement[];
  readonly model: SchemaModel;
  readonly config: ShadowtuneConfig;
  readonly volume: VolumeTrendSource | null;
  readonly jsonKeyResolver: JsonKeyResolver | null;
  readonly now: number;
}): Promise<SchemaChangePlanning> {
  const analysis = input.config.services.schemaEvolver.analysis;
  const { results, used } = await analyzeDataPatterns({ workload: input.workload, model: input.model, settings: analysis, now: input.now, volume: input.volume });
  const proposals = await proposeSchemaChanges({
    results,
    used,
    model: input.model,
    settings: { ...analysis, largeTableRows: input.config.performanceThreshold.largeTableRows },
    jsonKeyResolver: input.jsonKeyResolver,
  });
  const batchRows = input.config.services.schemaEvolver.migration.backfillBatchRows;
  const planned = proposals.candidates.map((candidate) => {
    const plan = buildMigration(candidate.spec, input.model, { batchRows });
    return { candidate, plan, record: toSchemaChangeProposal(candidate, plan, null, input.now) };
  });
  return { results, used, planned, skipped: proposals.skipped, resolvedJsonKeys: proposals.resolvedJsonKeys };
}
