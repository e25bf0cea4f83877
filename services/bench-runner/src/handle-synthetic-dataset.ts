import type { BenchRequest, BenchResult, SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { BenchRunnerDeps } from './handle-bench-request.js';
import { measureOnDataset } from './measure-on-dataset.js';

export interface DatasetBaselineDeps extends BenchRunnerDeps {
  /** The finding's statement (normalized, $n placeholders), or null when not known yet. */
  readonly findQuery: (findingId: string) => Promise<string | null>;
  readonly defaults: { readonly runs: number; readonly warmupRuns: number; readonly statementTimeoutMs: number };
}

/** The id of the baseline measured when a dataset is announced. */
export function baselineResultId(datasetId: string): string {
  return `baseline:${datasetId}`;
}

/**
 * Measures the baseline of a dataset's fingerprint as soon as the dataset is loaded, and
 * publishes it with requestId null: that result tells the rewrite-engine the data is
 * ready and what the statement costs before any change. The tables are ANALYZEd first so
 * the planner sees the synthetic data. A finding not known yet is a retriable failure.
 */
export async function handleSyntheticDataset(dataset: SyntheticDataset, deps: DatasetBaselineDeps): Promise<BenchResult> {
  const resultId = baselineResultId(dataset.datasetId);
  const stored = await deps.store.find(resultId);
  if (stored) {
    await deps.publish(stored);
    return stored;
  }
  const querySql = await deps.findQuery(dataset.findingId);
  if (querySql === null) {
    throw new ShadowtuneError('BENCH_FAILED', 'the dataset names a finding whose statement is not in the catalog yet', {
      retriable: true,
      context: { findingId: dataset.findingId, datasetId: dataset.datasetId },
    });
  }
  const request: BenchRequest = {
    requestId: resultId,
    fingerprint: dataset.fingerprint,
    datasetId: dataset.datasetId,
    variants: [{ variantId: 'baseline', kind: 'BASELINE', setupSql: [], teardownSql: [], querySql }],
    guards: [],
    runs: deps.defaults.runs,
    warmupRuns: deps.defaults.warmupRuns,
    statementTimeoutMs: deps.defaults.statementTimeoutMs,
    requestedAt: deps.now(),
    checkEquivalence: false,
    measureWriteCost: false,
    findingIds: [dataset.findingId],
    parameterHints: {},
  };
  const pool = await deps.shadowFor(dataset.shadowDatabase);
  const measured = await measureOnDataset(pool, request, deps.options, async (client) => {
    for (const table of dataset.tables) await client.query(`ANALYZE ${quoteQualifiedName(table.schema, table.table)}`);
  });
  const result: BenchResult = { resultId, requestId: null, datasetId: dataset.datasetId, fingerprint: dataset.fingerprint, completedAt: deps.now(), ...measured };
  await deps.store.save(result, dataset.shadowDatabase);
  await deps.publish(result);
  deps.logger.info({ datasetId: dataset.datasetId, fingerprint: dataset.fingerprint }, 'dataset baseline measured');
  return result;
}
