import type pg from 'pg';
import type { BenchRequest } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { DATASET_REPLACED, holdDataset } from './hold-dataset.js';
import { measureRequest, type MeasureRequestOptions, type Measurement } from './measure/measure-request.js';

async function connect(pool: pg.Pool, datasetId: string | null): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    const failure = toDatabaseError(error);
    // 3D000 invalid_catalog_name: the dataset's own database was dropped (retention) before this request came.
    if (failure.context.sqlState === '3D000' && datasetId !== null) {
      throw new ShadowtuneError('BENCH_FAILED', `the database of dataset ${datasetId} no longer exists: newer datasets replaced it (services.synthGenerator.retainDatasetDatabases)`, {
        retriable: false,
        cause: error,
        context: { reason: DATASET_REPLACED, datasetId },
      });
    }
    throw failure;
  }
}

/**
 * Measures a request on a session of `pool`, holding the request's dataset for the whole
 * measurement; `prepare` runs first on the same session (e.g. ANALYZE). A dataset that is
 * no longer there (replaced in a shared shadow, or its database dropped) fails every
 * variant with DATASET_REPLACED instead of measuring something else.
 */
export async function measureOnDataset(
  pool: pg.Pool,
  request: BenchRequest,
  options: MeasureRequestOptions,
  prepare?: (client: pg.ClientBase) => Promise<void>,
): Promise<Measurement> {
  let client: pg.PoolClient | null = null;
  let release: (() => Promise<void>) | null = null;
  try {
    client = await connect(pool, request.datasetId);
    if (request.datasetId !== null) release = await holdDataset(client, request.datasetId);
    await prepare?.(client);
    return await measureRequest(client, request, options);
  } catch (error) {
    if (error instanceof ShadowtuneError && error.context.reason === DATASET_REPLACED) {
      return { measurements: [], equivalence: [], writeCosts: [], failures: request.variants.map((v) => ({ variantId: v.variantId, code: DATASET_REPLACED, message: error.message })) };
    }
    throw error;
  } finally {
    await release?.();
    client?.release();
  }
}
