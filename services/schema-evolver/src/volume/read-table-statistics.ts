import type { ProductionReader } from '@shadowtune/shared/db/databases';
import type { VolumeObservation } from '../analysis/data-analysis-results.js';

const STATISTICS_SQL = `
SELECT n.nspname AS schema, c.relname AS name,
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 ELSE COALESCE(s.n_live_tup, 0)::float8 END AS rows,
       pg_catalog.pg_total_relation_size(c.oid)::float8 AS bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relkind = 'r' AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'shadowtune') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/**
 * One volume observation per table from production's statistics (the planner's row
 * estimate once the table was analyzed, which (auto)analyze keeps current; live tuples
 * counted by the statistics system before that — those counters are flushed lazily and
 * can briefly double-count rows around an ANALYZE; total size with indexes and TOAST),
 * through the read-only role. Sampled periodically, these form the trend.
 */
export async function readTableStatistics(reader: ProductionReader, at: number): Promise<VolumeObservation[]> {
  const result = await reader.query<{ schema: string; name: string; rows: number; bytes: number }>(STATISTICS_SQL);
  return result.rows.map((row) => ({ table: { schema: row.schema, name: row.name }, at, rows: Number(row.rows), bytes: Number(row.bytes), source: 'statistics' }));
}
