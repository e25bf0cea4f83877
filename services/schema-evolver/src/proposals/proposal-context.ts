import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { DataAnalysisResults } from '../analysis/data-analysis-results.js';
import type { UsedStatement } from '../analysis/used-statement.js';
import type { JsonKeyResolver } from './json-key-resolver.js';
import type { ProposalSettings } from './proposal-settings.js';
import type { SchemaChangeCandidate, SkippedCandidate } from './schema-change-candidate.js';

/** What every proposer reads, and where it puts its candidates and skips. */
export interface ProposalContext {
  readonly results: DataAnalysisResults;
  readonly used: readonly UsedStatement[];
  readonly model: SchemaModel;
  readonly settings: ProposalSettings;
  readonly jsonKeyResolver: JsonKeyResolver | null;
  readonly candidates: SchemaChangeCandidate[];
  readonly skipped: SkippedCandidate[];
  /** JSON keys resolved for placeholders: fingerprint → placeholder position → key (the replay binds them). */
  readonly resolvedJsonKeys: Map<string, Map<number, string>>;
}
