import type pg from 'pg';
import type { ProductionValueColumn } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

const SQL = `SELECT record->'productionValueColumns' AS columns FROM shadowtune.synth_datasets WHERE dataset_id = $1`;

/** The columns of a dataset whose most common values are production's, from its catalog record; none when the record is not there. */
export async function readProductionValueColumns(catalog: pg.Pool, datasetId: string): Promise<readonly ProductionValueColumn[]> {
  try {
    const result = await catalog.query<{ columns: ProductionValueColumn[] | null }>(SQL, [datasetId]);
    return result.rows[0]?.columns ?? [];
  } catch (error) {
    throw toDatabaseError(error, SQL);
  }
}
