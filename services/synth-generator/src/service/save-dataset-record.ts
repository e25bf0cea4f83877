import type pg from 'pg';
import type { SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/** Keeps the dataset record in the catalog (migration 0300); a redelivery leaves the first one. */
export async function saveDatasetRecord(catalog: pg.Pool, record: SyntheticDataset, findingRevision: number): Promise<void> {
  const sql = `INSERT INTO shadowtune.synth_datasets (dataset_id, finding_id, finding_revision, fingerprint, seed, schema_version, record)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dataset_id) DO NOTHING`;
  try {
    await catalog.query(sql, [record.datasetId, record.findingId, findingRevision, record.fingerprint, record.seed, record.schemaVersion, JSON.stringify(record)]);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}
