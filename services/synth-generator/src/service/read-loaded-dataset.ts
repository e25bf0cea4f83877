import type pg from 'pg';
import type { SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { SHADOW_MARKER_SCHEMA } from '../schema/shadow-marker-schema.js';

/** The record of the dataset the shadow holds now, or null (none loaded, or a load did not finish). */
export async function readLoadedDataset(client: pg.ClientBase): Promise<SyntheticDataset | null> {
  const probe = `SELECT to_regclass('${SHADOW_MARKER_SCHEMA}.loaded_dataset') IS NOT NULL AS present`;
  const read = `SELECT record FROM ${SHADOW_MARKER_SCHEMA}.loaded_dataset`;
  try {
    const exists = await client.query<{ present: boolean }>(probe);
    if (exists.rows[0]?.present !== true) return null;
    const result = await client.query<{ record: SyntheticDataset }>(read);
    return result.rows[0]?.record ?? null;
  } catch (error) {
    throw toDatabaseError(error, read);
  }
}
