import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { FindingDetail } from './catalog-records.js';
import { FINDING_SELECT, findingOf, type FindingRow } from './list-findings.js';

/** One finding with its full record; null when unknown. */
export async function getFinding(db: pg.Pool, findingId: string): Promise<FindingDetail | null> {
  try {
    const result = await db.query<FindingRow>(`${FINDING_SELECT} WHERE finding_id = $1`, [findingId]);
    return result.rows[0] ? findingOf(result.rows[0]) : null;
  } catch (error) {
    throw toDatabaseError(error);
  }
}
