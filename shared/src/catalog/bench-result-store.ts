import type pg from 'pg';
import type { BenchResult } from '../contracts/generated-types.js';
import { toDatabaseError } from '../db/to-database-error.js';

/** Bench results already published, so a redelivered request or dataset is answered without measuring again. */
export interface BenchResultStore {
  find(resultId: string): Promise<BenchResult | null>;
  save(result: BenchResult, shadowDatabase: string | null): Promise<void>;
  /** The shadow database a dataset was measured in, or null when the dataset is unknown. */
  shadowDatabaseOf(datasetId: string): Promise<string | null>;
}

export function benchResultStore(catalog: pg.Pool): BenchResultStore {
  const run = async (sql: string, params: unknown[]) => {
    try {
      return await catalog.query(sql, params);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  };
  return {
    async find(resultId) {
      const result = await run('SELECT result FROM shadowtune.bench_results WHERE result_id = $1', [resultId]);
      return (result.rows[0]?.result as BenchResult | undefined) ?? null;
    },
    async save(result, shadowDatabase) {
      await run(
        `INSERT INTO shadowtune.bench_results (result_id, request_id, dataset_id, shadow_database, fingerprint, result, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0)) ON CONFLICT (result_id) DO NOTHING`,
        [result.resultId, result.requestId, result.datasetId, shadowDatabase, result.fingerprint, JSON.stringify(result), result.completedAt],
      );
    },
    async shadowDatabaseOf(datasetId) {
      const result = await run('SELECT shadow_database FROM shadowtune.bench_results WHERE dataset_id = $1 AND shadow_database IS NOT NULL LIMIT 1', [datasetId]);
      return (result.rows[0]?.shadow_database as string | undefined) ?? null;
    },
  };
}
