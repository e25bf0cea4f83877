import type pg from 'pg';
import { SHADOW_DATASET_LOCK_KEY } from '@shadowtune/shared/db/shadow-dataset-lock';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

const MARKER = 'shadowtune_shadow.loaded_dataset';

/** Code of the failure reported for every variant when the shadow no longer holds the dataset. */
export const DATASET_REPLACED = 'DATASET_REPLACED';

/**
 * Holds the shadow's dataset for the duration of a measurement (a shared advisory lock on
 * the measuring session) and checks the shadow still holds `datasetId` — the
 * synth-generator loads one dataset at a time and may have moved on. Throws a
 * non-retriable BENCH_FAILED with context.reason DATASET_REPLACED when it has. A shadow
 * without the synth-generator's marker is taken as it is. Returns the release.
 */
export async function holdDataset(client: pg.ClientBase, datasetId: string): Promise<() => Promise<void>> {
  try {
    await client.query('SELECT pg_advisory_lock_shared($1)', [SHADOW_DATASET_LOCK_KEY]);
  } catch (error) {
    throw toDatabaseError(error);
  }
  const release = async () => {
    await client.query('SELECT pg_advisory_unlock_shared($1)', [SHADOW_DATASET_LOCK_KEY]).catch(() => undefined);
  };
  try {
    const present = await client.query<{ present: boolean }>(`SELECT to_regclass('${MARKER}') IS NOT NULL AS present`);
    if (present.rows[0]?.present) {
      const loaded = await client.query<{ id: string | null }>(`SELECT record->>'datasetId' AS id FROM ${MARKER}`);
      const id = loaded.rows[0]?.id ?? null;
      if (id !== datasetId) {
        throw new ShadowtuneError('BENCH_FAILED', `the shadow holds ${id === null ? 'no finished dataset' : `dataset ${id}`}, not ${datasetId}: it was replaced before it could be measured`, {
          retriable: false,
          context: { reason: DATASET_REPLACED, datasetId },
        });
      }
    }
    return release;
  } catch (error) {
    await release();
    throw error instanceof ShadowtuneError ? error : toDatabaseError(error);
  }
}
