import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult } from './detected-pattern.js';
import { tableName } from './table-name.js';

/**
 * SELECT_STAR_WIDE: `SELECT *` (or `t.*`) in the statement's output over a table with at
 * least wideTableColumns columns or an average row of at least wideRowBytes: every column
 * is read, detoasted and sent although callers rarely use them all, and index-only scans
 * become impossible. A star inside EXISTS, or over a narrow table, is fine.
 */
export function detectSelectStarWide(context: DetectionContext): DetectorResult {
  const { facts, settings } = context;
  const hits: DetectedPattern[] = [];
  const seen = new Set<string>();
  for (const star of facts.stars) {
    if (!star.inOutput) continue;
    for (const reference of star.references) {
      const table = reference.table;
      if (table === null || seen.has(reference.alias)) continue;
      const columns = table.columns.length;
      const width = table.columns.reduce((sum, c) => sum + (c.stats?.averageWidth ?? 0), 0);
      if (columns < settings.wideTableColumns && width < settings.wideRowBytes) continue;
      seen.add(reference.alias);
      hits.push({
        pattern: 'SELECT_STAR_WIDE',
        severity: width >= settings.wideRowBytes ? 'MEDIUM' : 'LOW',
        detail: `SELECT * reads all ${columns} columns of ${tableName(reference)}${width > 0 ? ` (about ${Math.round(width)} bytes per row)` : ''}; naming the needed columns cuts I/O and allows index-only scans.`,
        figures: { columns, averageRowBytes: width },
        columns: [],
        thresholds: [],
        planNodes: [],
        tables: [],
        skew: [],
      });
    }
  }
  return { hits, notes: [] };
}
