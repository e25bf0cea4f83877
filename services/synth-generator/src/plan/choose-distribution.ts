import type { ColumnModel } from '@shadowtune/shared/schema-model/schema-model';
import { solveZipfExponent } from '../distributions/solve-zipf-exponent.js';
import type { DatasetFocus } from './dataset-focus.js';
import type { ColumnSource } from './generation-plan.js';
import { resolveDistinctCount } from './resolve-distinct-count.js';

export interface DistributionChoiceInput {
  readonly schema: string;
  readonly table: string;
  readonly column: ColumnModel;
  readonly rows: number;
  readonly capacity: number;
  readonly temporal: boolean;
  readonly focus: DatasetFocus | null;
  readonly skewFactor: number;
}

/** Distinct values of a skewed column without other evidence: a long tail of rows/10. */
function defaultSkewDistinct(rows: number, capacity: number): number {
  return Math.max(1, Math.min(capacity, Math.max(10, Math.round(rows / 10))));
}

/**
 * The distribution of a column that is neither a key nor a foreign key, by priority:
 * 1. the experiment names it with a skew factor → Zipf(factor);
 * 2. production statistics with most-common frequencies → those frequencies, nulls and n_distinct;
 * 3. a parameter profile of the finding's fingerprint → Zipf whose top share is the profile's;
 * 4. the finding uses it (filter, join, group, sort; date/time only under `=`) → Zipf(DataSkewFactor);
 * 5. a date/time column → the time window with growth (in row order when production says
 *    the column follows the physical order);
 * 6. otherwise uniform over as many values as rows (or the production n_distinct).
 */
export function chooseDistribution(input: DistributionChoiceInput): { source: ColumnSource; nullFraction: number } {
  const { schema, table, column, rows, capacity, focus } = input;
  const matches = (c: { schema: string; table: string; column: string }) => c.schema === schema && c.table === table && c.column === column.name;
  const stats = column.stats;
  const statsNulls = stats?.nullFraction ?? 0;
  const skew = focus?.skewTargets.find(matches);
  if (skew !== undefined) {
    const distinct = Math.min(capacity, (stats && resolveDistinctCount(stats.nDistinct, rows)) || defaultSkewDistinct(rows, capacity));
    return { source: { kind: 'sampled', distribution: { kind: 'zipf', distinct: Math.max(1, distinct), exponent: skew.factor }, reason: 'experiment-skew', correlationGroup: null }, nullFraction: statsNulls };
  }
  if (stats !== null && stats.mostCommonFrequencies.length > 0) {
    const distinct = Math.min(capacity, resolveDistinctCount(stats.nDistinct, rows) ?? rows);
    return {
      source: {
        kind: 'sampled',
        distribution: { kind: 'frequencies', distinct: Math.max(1, distinct), mostCommonFrequencies: stats.mostCommonFrequencies, nullFraction: statsNulls },
        reason: 'production-stats',
        correlationGroup: null,
      },
      nullFraction: statsNulls,
    };
  }
  const profile = focus?.parameterProfiles.find(matches);
  if (profile !== undefined && profile.topShare > 0) {
    const distinct = Math.max(1, Math.min(capacity, Math.max(profile.distinctEstimate, defaultSkewDistinct(rows, capacity))));
    const exponent = solveZipfExponent(distinct, profile.topShare);
    return { source: { kind: 'sampled', distribution: { kind: 'zipf', distinct, exponent }, reason: 'parameter-profile', correlationGroup: null }, nullFraction: statsNulls };
  }
  // A range predicate on a date/time column is better served by the time window than by
  // piling rows onto one instant; an equality predicate wants the heavy hitter.
  const used = focus?.findingColumns.some((c) => matches(c) && c.role !== 'PROJECTION' && (!input.temporal || c.operator === '=')) ?? false;
  if (used && input.skewFactor > 0) {
    const distinct = defaultSkewDistinct(rows, capacity);
    return { source: { kind: 'sampled', distribution: { kind: 'zipf', distinct, exponent: input.skewFactor }, reason: 'finding-column', correlationGroup: null }, nullFraction: statsNulls };
  }
  if (input.temporal) {
    return { source: { kind: 'time-span', monotone: (stats?.correlation ?? 0) >= 0.5 }, nullFraction: statsNulls };
  }
  const distinct = Math.max(1, Math.min(capacity, (stats && resolveDistinctCount(stats.nDistinct, rows)) || rows));
  return { source: { kind: 'sampled', distribution: { kind: 'uniform', distinct }, reason: 'default', correlationGroup: null }, nullFraction: statsNulls };
}
