import type pg from 'pg';
import type { BenchRequest, BenchResult } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { BenchResultStore } from '@shadowtune/shared/catalog/bench-result-store';
import { measureOnDataset } from './measure-on-dataset.js';
import type { MeasureRequestOptions } from './measure/measure-request.js';

export interface BenchRunnerDeps {
  readonly store: BenchResultStore;
  readonly shadowFor: (database: string | null) => Promise<pg.Pool>;
  readonly publish: (result: BenchResult) => Promise<void>;
  readonly options: MeasureRequestOptions;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * Answers a bench request: measured once, stored, published. A redelivered request (same
 * requestId) is answered with the stored result without measuring again, so the engine
 * still gets its answer if the first publish was lost with the process.
 */
export async function handleBenchRequest(request: BenchRequest, deps: BenchRunnerDeps): Promise<BenchResult> {
  const stored = await deps.store.find(request.requestId);
  if (stored) {
    await deps.publish(stored);
    return stored;
  }
  const database = request.datasetId ? await deps.store.shadowDatabaseOf(request.datasetId) : null;
  const pool = await deps.shadowFor(database);
  const started = deps.now();
  const measured = await measureOnDataset(pool, request, deps.options);
  const result: BenchResult = { resultId: request.requestId, requestId: request.requestId, datasetId: request.datasetId, fingerprint: request.fingerprint, completedAt: deps.now(), ...measured };
  deps.logger.info(
    { requestId: request.requestId, fingerprint: request.fingerprint, variants: request.variants.length, guards: request.guards.length, failures: measured.failures.length, ms: deps.now() - started },
    'bench request measured',
  );
  await deps.store.save(result, database);
  await deps.publish(result);
  return result;
}
