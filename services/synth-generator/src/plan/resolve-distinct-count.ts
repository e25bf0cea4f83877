/**
 * pg_stats.n_distinct read for a table of `rows` rows: positive is an absolute count (the
 * analyzer thinks it does not grow with the table), negative a fraction of the rows.
 * Returns null for 0 (unknown).
 */
export function resolveDistinctCount(nDistinct: number, rows: number): number | null {
  if (nDistinct > 0) return Math.max(1, Math.min(rows, Math.round(nDistinct)));
  if (nDistinct < 0) return Math.max(1, Math.round(-nDistinct * rows));
  return null;
}
