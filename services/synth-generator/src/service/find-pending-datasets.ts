import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

export interface DatasetOfFinding {
  readonly datasetId: string;
  readonly findingId: string;
}

const PENDING = `
SELECT d.dataset_id
FROM unnest($1::text[], $2::text[]) AS d(dataset_id, finding_id)
WHERE EXISTS (SELECT 1 FROM shadowtune.rewrite_evaluations e WHERE e.dataset_id = d.dataset_id AND e.status = 'requested')
   OR (NOT EXISTS (SELECT 1 FROM shadowtune.rewrite_evaluations e WHERE e.dataset_id = d.dataset_id)
       AND NOT EXISTS (SELECT 1 FROM shadowtune.rewrite_skips s WHERE s.finding_id = d.finding_id))`;

/**
 * The datasets the rewrite-engine has not finished with, read from the shared catalog: an
 * evaluation on it still waits for its measurements, or the engine has neither evaluated
 * it nor recorded why it would not (its baseline may still be queued). Without the
 * engine's tables (a catalog the engine never ran on) nothing is known to be pending.
 */
export async function findPendingDatasets(catalog: pg.Pool, datasets: readonly DatasetOfFinding[]): Promise<ReadonlySet<string>> {
  if (datasets.length === 0) return new Set();
  try {
    const result = await catalog.query<{ dataset_id: string }>(PENDING, [datasets.map((d) => d.datasetId), datasets.map((d) => d.findingId)]);
    return new Set(result.rows.map((r) => r.dataset_id));
  } catch (error) {
    const failure = toDatabaseError(error, PENDING);
    if (failure.context.sqlState === '42P01') return new Set();
    throw failure;
  }
}
