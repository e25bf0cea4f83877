import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { DatasetFocus } from './dataset-focus.js';

export interface VolumeSettings {
  /** SyntheticDataVolume.rows: rows of each deep table (when productionMultiple is null). */
  readonly rows: number | null;
  /** SyntheticDataVolume.productionMultiple: multiple of production's row count (wins over rows). */
  readonly productionMultiple: number | null;
  /** Rows of tables the finding does not touch. */
  readonly thinRows: number;
}

const FALLBACK_ROWS = 100_000;

/**
 * Rows of one table and whether it is deep. Deep tables (the finding's, or every table
 * without a focus) get productionMultiple × production rows when both are known, else
 * `rows`, else the analyzer's suggestion; the others get thinRows.
 */
export function planVolume(table: TableModel, focus: DatasetFocus | null, volume: VolumeSettings): { rows: number; deep: boolean; basis: string } {
  const target = focus?.deepTables.find((t) => t.schema === table.schema && t.table === table.name);
  const touched = focus === null || target !== undefined || focus.findingColumns.some((c) => c.schema === table.schema && c.table === table.name);
  if (!touched) return { rows: volume.thinRows, deep: false, basis: 'thinRows' };
  if (volume.productionMultiple !== null && table.stats.rowEstimate > 0) {
    return { rows: Math.max(1, Math.round(table.stats.rowEstimate * volume.productionMultiple)), deep: true, basis: 'productionMultiple' };
  }
  if (volume.rows !== null) return { rows: volume.rows, deep: true, basis: 'rows' };
  if (target?.suggestedRows != null && target.suggestedRows > 0) return { rows: target.suggestedRows, deep: true, basis: 'experiment' };
  return { rows: FALLBACK_ROWS, deep: true, basis: 'fallback' };
}
