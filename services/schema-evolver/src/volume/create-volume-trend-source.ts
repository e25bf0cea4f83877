import type pg from 'pg';
import type { ProductionReader } from '@shadowtune/shared/db/databases';
import type { VolumeTrendSource } from '../analysis/analyze-data-patterns.js';
import type { VolumeTrend } from '../analysis/data-analysis-results.js';
import { loadVolumeObservations } from '../catalog/load-volume-observations.js';
import { fitVolumeTrend } from './fit-volume-trend.js';
import { readTimeHistogram } from './read-time-histogram.js';

/**
 * Volume trends from what is available: the time histogram of a table's time column read
 * on production (read-only), and the statistics samples and CDC net changes stored in the
 * catalog since `since`. A source that fails for one table is left out for that table.
 */
export function createVolumeTrendSource(sources: {
  readonly production: ProductionReader | null;
  readonly catalog: pg.Pool | null;
  readonly samplePercent: number;
  readonly since: Date;
}): VolumeTrendSource {
  return async (requests) => {
    const trends: VolumeTrend[] = [];
    for (const request of requests) {
      if (sources.production !== null && request.timeColumn !== null) {
        const histogram = await readTimeHistogram(sources.production, request.table, request.timeColumn, {
          samplePercent: sources.samplePercent,
          rowEstimate: request.rowEstimate,
        }).catch(() => null);
        const trend = histogram && fitVolumeTrend(histogram.observations, { column: request.timeColumn, min: histogram.timeMin, max: histogram.timeMax });
        if (trend) trends.push(trend);
      }
      if (sources.catalog !== null) {
        const observations = await loadVolumeObservations(sources.catalog, request.table, sources.since).catch(() => []);
        for (const source of ['statistics', 'cdc'] as const) {
          const trend = fitVolumeTrend(observations.filter((o) => o.source === source));
          if (trend) trends.push(trend);
        }
      }
    }
    return trends;
  };
}
