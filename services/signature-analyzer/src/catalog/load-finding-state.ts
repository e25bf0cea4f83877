import type { SqlQuery } from '../sql-query.js';
import type { FindingState } from './finding-state.js';

export async function loadFindingState(query: SqlQuery, findingId: string): Promise<FindingState | null> {
  const result = await query<{ revision: number; content_hash: string; status: 'open' | 'resolved' }>(
    'SELECT revision, content_hash, status FROM shadowtune.analyzer_findings WHERE finding_id = $1',
    [findingId],
  );
  const row = result.rows[0];
  return row === undefined ? null : { revision: row.revision, contentHash: row.content_hash, status: row.status };
}
