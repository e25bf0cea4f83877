import type pg from 'pg';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import { timeSpentMs } from '../workload/time-spent-ms.js';

/**
 * Folds one signature into the catalog's workload (and its latency into the watch
 * samples), once: the event id is recorded in the same transaction, so a redelivered
 * event changes nothing. false when the event was already folded in.
 */
export async function recordSignature(pool: pg.Pool, signature: QuerySignature): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const seen = await client.query('INSERT INTO shadowtune.evolver_seen_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [signature.eventId]);
    if (seen.rowCount !== 1) return false;
    const calls = signature.calls * signature.samplingWeight;
    const samples = signature.parameters.reduce((sum, p) => sum + p.sampleCount, 0);
    const observedAt = new Date(signature.observedAt);
    await client.query(
      `INSERT INTO shadowtune.evolver_workload AS w
         (fingerprint, database, normalized_sql, statement_kind, parsed, calls, total_ms, parameters, parameter_samples, first_seen, last_seen, relations)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
       ON CONFLICT (fingerprint, database) DO UPDATE SET
         calls = w.calls + EXCLUDED.calls,
         total_ms = w.total_ms + EXCLUDED.total_ms,
         parameters = CASE WHEN EXCLUDED.parameter_samples >= w.parameter_samples THEN EXCLUDED.parameters ELSE w.parameters END,
         parameter_samples = GREATEST(w.parameter_samples, EXCLUDED.parameter_samples),
         first_seen = LEAST(w.first_seen, EXCLUDED.first_seen),
         last_seen = GREATEST(w.last_seen, EXCLUDED.last_seen)`,
      [
        signature.fingerprint,
        signature.tags.database ?? '',
        signature.normalizedSql,
        signature.statementKind,
        signature.parsed,
        calls,
        timeSpentMs(signature),
        JSON.stringify(signature.parameters),
        samples,
        observedAt,
        signature.relations,
      ],
    );
    if (signature.durationMs !== null && signature.calls > 0) {
      await client.query(
        `INSERT INTO shadowtune.evolver_latency_samples (event_id, fingerprint, observed_at, duration_ms, calls) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [signature.eventId, signature.fingerprint, observedAt, signature.durationMs, calls],
      );
    }
    return true;
  });
}
