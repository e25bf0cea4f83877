import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { findTable } from '@shadowtune/shared/schema-model/find-table';
import type { TableName } from '../usage/statement-usage.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import type { WorkloadStatement } from '../workload/workload-statement.js';
import { analyzeFrequentQueries, type FrequentQuerySettings } from './analyze-frequent-queries.js';
import type { DataAnalysisResults, VolumeTrend } from './data-analysis-results.js';
import { findEmergingRelationships } from './find-emerging-relationships.js';
import type { UsedStatement } from './used-statement.js';

/** What the volume analysis is asked about: a table, and its time column when the workload filters it by a time range. */
export interface VolumeTrendRequest {
  readonly table: TableName;
  readonly timeColumn: string | null;
  readonly rowEstimate: number;
}

/**
 * Where table volume over time comes from (production statistics sampled into the
 * catalog, CDC events, or the table's own time column read on production). A function so
 * the source can be swapped; null when none is available (a schema file without production).
 */
export type VolumeTrendSource = (requests: readonly VolumeTrendRequest[]) => Promise<readonly VolumeTrend[]>;

/**
 * The data pattern analyzer: frequent queries (hot tables and columns weighted by time,
 * association rules, JSON keys, casts, time ranges, missing references), emerging
 * relationships, and the volume trends of the tables the workload uses.
 */
export async function analyzeDataPatterns(input: {
  readonly workload: readonly WorkloadStatement[];
  readonly model: SchemaModel;
  readonly settings: FrequentQuerySettings;
  readonly now: number;
  readonly volume: VolumeTrendSource | null;
}): Promise<{ readonly results: DataAnalysisResults; readonly used: readonly UsedStatement[] }> {
  const { frequentQueries, used } = analyzeFrequentQueries(input.workload, input.model, input.settings, input.now);
  const emergingRelationships = findEmergingRelationships(used, input.model, frequentQueries.totalWeight);
  const requests = new Map<string, VolumeTrendRequest>();
  for (const access of frequentQueries.timeRanges) {
    const model = findTable(input.model, access.table.schema, access.table.name);
    if (!requests.has(tableKeyOf(access.table))) requests.set(tableKeyOf(access.table), { table: access.table, timeColumn: access.column, rowEstimate: model?.stats.rowEstimate ?? 0 });
  }
  for (const hot of frequentQueries.hotTables) {
    const model = findTable(input.model, hot.table.schema, hot.table.name);
    if (!requests.has(tableKeyOf(hot.table))) requests.set(tableKeyOf(hot.table), { table: hot.table, timeColumn: null, rowEstimate: model?.stats.rowEstimate ?? 0 });
  }
  const dataVolumeTrends = input.volume === null || requests.size === 0 ? [] : await input.volume([...requests.values()]);
  return { used, results: { frequentQueries, emergingRelationships, dataVolumeTrends: [...dataVolumeTrends] } };
}
