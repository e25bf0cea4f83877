import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';

/**
 * The statement of a finding, from the catalog: the rewrite-engine's copy of the finding
 * (written when it consumes query.findings), else the analyzer's own table when there is
 * one. null when neither knows it yet.
 */
export async function findFindingQuery(catalog: pg.Pool, findingId: string): Promise<string | null> {
  try {
    const own = await catalog.query('SELECT normalized_sql FROM shadowtune.rewrite_findings WHERE finding_id = $1', [findingId]);
    if (own.rows[0]) return String(own.rows[0].normalized_sql);
    const analyzer = await catalog.query(`SELECT to_regclass('shadowtune.analyzer_findings') IS NOT NULL AS present`);
    if (!analyzer.rows[0]?.present) return null;
    const theirs = await catalog.query(`SELECT finding->>'normalizedSql' AS normalized_sql FROM shadowtune.analyzer_findings WHERE finding_id = $1`, [findingId]);
    return (theirs.rows[0]?.normalized_sql as string | null | undefined) ?? null;
  } catch (error) {
    throw toDatabaseError(error);
  }
}
