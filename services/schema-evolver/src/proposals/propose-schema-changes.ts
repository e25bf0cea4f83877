import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { DataAnalysisResults } from '../analysis/data-analysis-results.js';
import type { UsedStatement } from '../analysis/used-statement.js';
import type { JsonKeyResolver } from './json-key-resolver.js';
import type { ProposalContext } from './proposal-context.js';
import type { ProposalSettings } from './proposal-settings.js';
import { proposeForeignKeys } from './propose-foreign-keys.js';
import { proposeGeneratedColumns } from './propose-generated-columns.js';
import { proposeIndexes } from './propose-indexes.js';
import { proposeMissingReferences } from './propose-missing-references.js';
import { proposePartitioning } from './propose-partitioning.js';
import { proposeTypeChanges } from './propose-type-changes.js';
import type { SchemaChangeCandidate, SkippedCandidate } from './schema-change-candidate.js';

/**
 * Turns the data pattern analysis into schema change candidates (each with rationale and
 * evidence) and skipped candidates (each with a reason code). Indexes come last so they
 * can defer to what the other changes already serve.
 */
export async function proposeSchemaChanges(input: {
  readonly results: DataAnalysisResults;
  readonly used: readonly UsedStatement[];
  readonly model: SchemaModel;
  readonly settings: ProposalSettings;
  readonly jsonKeyResolver: JsonKeyResolver | null;
}): Promise<{
  readonly candidates: readonly SchemaChangeCandidate[];
  readonly skipped: readonly SkippedCandidate[];
  readonly resolvedJsonKeys: ReadonlyMap<string, ReadonlyMap<number, string>>;
}> {
  const context: ProposalContext = { ...input, candidates: [], skipped: [], resolvedJsonKeys: new Map() };
  proposeMissingReferences(context);
  proposeForeignKeys(context);
  await proposeGeneratedColumns(context);
  proposeTypeChanges(context);
  proposePartitioning(context);
  proposeIndexes(context);
  return { candidates: context.candidates, skipped: context.skipped, resolvedJsonKeys: context.resolvedJsonKeys };
}
