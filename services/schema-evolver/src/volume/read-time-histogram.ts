import type { ProductionReader } from '@shadowtune/shared/db/databases';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { VolumeObservation } from '../analysis/data-analysis-results.js';
import type { TableName } from '../usage/statement-usage.js';

export interface TimeHistogram {
  /** Cumulative rows up to the end of each bucket (deleted rows are not seen). */
  readonly observations: readonly VolumeObservation[];
  readonly timeMin: number;
  readonly timeMax: number;
}

const BUCKETS = 24;

/** Tables below this many rows are read whole; sampling them would leave buckets empty. */
const READ_WHOLE_BELOW_ROWS = 200_000;

/**
 * Table volume over time from the table's own time column, read-only: rows per bucket of
 * `column` (a TABLESAMPLE of large tables, scaled to the row estimate), accumulated into
 * observations "rows as of the end of the bucket". Only aggregates leave production (the
 * column's minimum and maximum, and counts). null when the table has no rows with a time.
 */
export async function readTimeHistogram(
  reader: ProductionReader,
  table: TableName,
  column: string,
  options: { readonly samplePercent: number; readonly rowEstimate: number },
): Promise<TimeHistogram | null> {
  const relation = quoteQualifiedName(table.schema, table.name);
  const sampled = options.rowEstimate >= READ_WHOLE_BELOW_ROWS;
  const source = sampled ? `${relation} TABLESAMPLE SYSTEM (${Number(options.samplePercent)}) REPEATABLE (7)` : relation;
  const time = `extract(epoch FROM ${quoteIdentifier(column)})::float8`;
  const range = await reader.query<{ lo: number | null; hi: number | null; n: string }>(`SELECT min(${time}) AS lo, max(${time}) AS hi, count(*) AS n FROM ${source}`);
  const lo = range.rows[0]?.lo;
  const hi = range.rows[0]?.hi;
  const sampledRows = Number(range.rows[0]?.n ?? 0);
  if (lo === null || lo === undefined || hi === null || hi === undefined || sampledRows === 0 || hi <= lo) return null;
  const buckets = await reader.query<{ bucket: number; n: string }>(
    `SELECT width_bucket(${time}, $1::float8, $2::float8, ${BUCKETS}) AS bucket, count(*) AS n FROM ${source} WHERE ${quoteIdentifier(column)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [lo, hi],
  );
  const scale = sampled && options.rowEstimate > 0 ? options.rowEstimate / sampledRows : 1;
  const width = (hi - lo) / BUCKETS;
  const counts = new Map(buckets.rows.map((row) => [Number(row.bucket), Number(row.n)]));
  const observations: VolumeObservation[] = [];
  let cumulative = 0;
  for (let bucket = 1; bucket <= BUCKETS; bucket += 1) {
    // width_bucket puts the maximum itself in bucket BUCKETS + 1: it was folded into the last one.
    cumulative += (counts.get(bucket) ?? 0) + (bucket === BUCKETS ? (counts.get(BUCKETS + 1) ?? 0) : 0);
    observations.push({ table, at: Math.round((lo + width * bucket) * 1000), rows: Math.round(cumulative * scale), bytes: null, source: 'histogram' });
  }
  return { observations, timeMin: Math.round(lo * 1000), timeMax: Math.round(hi * 1000) };
}
