import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import type { SqlQuery } from '../sql-query.js';

/** Stores a finding revision (open); the row is keyed by findingId, so a re-save never duplicates it. */
export async function saveFinding(query: SqlQuery, finding: QueryFinding, contentHash: string): Promise<void> {
  await query(
    `INSERT INTO shadowtune.analyzer_findings
       (finding_id, fingerprint, patterns, severity, revision, content_hash, status, finding, first_detected_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, to_timestamp($8 / 1000.0), to_timestamp($8 / 1000.0))
     ON CONFLICT (finding_id) DO UPDATE SET
       patterns = EXCLUDED.patterns, severity = EXCLUDED.severity, revision = GREATEST(shadowtune.analyzer_findings.revision, EXCLUDED.revision),
       content_hash = EXCLUDED.content_hash, status = 'open', finding = EXCLUDED.finding, updated_at = EXCLUDED.updated_at`,
    [
      finding.findingId,
      finding.fingerprint,
      finding.patterns.map((p) => p.pattern),
      finding.severity,
      finding.revision,
      contentHash,
      JSON.stringify(finding),
      finding.detectedAt,
    ],
  );
}
