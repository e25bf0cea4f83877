import type pg from 'pg';
import type { ProductionReader } from '@shadowtune/shared/db/databases';
import { recordVolumeObservations } from '../catalog/record-volume-observations.js';
import { readTableStatistics } from './read-table-statistics.js';

/** One periodic sample of production's table statistics (read-only) into the catalog; returns the tables sampled. */
export async function sampleTableVolume(production: ProductionReader, catalog: pg.Pool, now: number): Promise<number> {
  const observations = await readTableStatistics(production, now);
  await recordVolumeObservations(catalog, observations);
  return observations.length;
}
