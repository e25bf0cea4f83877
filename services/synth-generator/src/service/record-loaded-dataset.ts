import type pg from 'pg';
import type { SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { SHADOW_MARKER_SCHEMA } from '../schema/shadow-marker-schema.js';

/**
 * Records which dataset the shadow holds (null: a load is under way, so a crash half-way
 * leaves no claim that an older dataset is still there).
 */
export async function recordLoadedDataset(client: pg.ClientBase, record: SyntheticDataset | null): Promise<void> {
  const sql = `CREATE SCHEMA IF NOT EXISTS ${SHADOW_MARKER_SCHEMA};
    CREATE TABLE IF NOT EXISTS ${SHADOW_MARKER_SCHEMA}.loaded_dataset (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), record jsonb NOT NULL);
    DELETE FROM ${SHADOW_MARKER_SCHEMA}.loaded_dataset`;
  try {
    await client.query(sql);
    if (record !== null) await client.query(`INSERT INTO ${SHADOW_MARKER_SCHEMA}.loaded_dataset (record) VALUES ($1)`, [JSON.stringify(record)]);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}
