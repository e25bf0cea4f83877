import type pg from 'pg';
import { runQuery } from './run-query.js';

export interface LatencyWindow {
  readonly calls: number;
  readonly totalMs: number;
}

export interface LatencyStore {
  /** Adds calls and their total time to the fingerprint's minute bucket. */
  record(fingerprint: string, observedAt: number, calls: number, totalMs: number): Promise<void>;
  /** Calls and total time in [from, to). */
  window(fingerprint: string, from: number, to: number): Promise<LatencyWindow>;
}

export function latencyStore(db: pg.Pool): LatencyStore {
  return {
    async record(fingerprint, observedAt, calls, totalMs) {
      await runQuery(
        db,
        `INSERT INTO shadowtune.latency_samples (fingerprint, bucket_start, calls, total_ms) VALUES ($1, date_trunc('minute', to_timestamp($2 / 1000.0)), $3, $4)
         ON CONFLICT (fingerprint, bucket_start) DO UPDATE SET calls = shadowtune.latency_samples.calls + EXCLUDED.calls, total_ms = shadowtune.latency_samples.total_ms + EXCLUDED.total_ms`,
        [fingerprint, observedAt, calls, totalMs],
      );
    },
    async window(fingerprint, from, to) {
      const row = (
        await runQuery(
          db,
          `SELECT COALESCE(sum(calls), 0)::float8 AS calls, COALESCE(sum(total_ms), 0)::float8 AS total_ms FROM shadowtune.latency_samples
           WHERE fingerprint = $1 AND bucket_start >= date_trunc('minute', to_timestamp($2 / 1000.0)) AND bucket_start < to_timestamp($3 / 1000.0)`,
          [fingerprint, from, to],
        )
      ).rows[0];
      return { calls: Number(row?.calls ?? 0), totalMs: Number(row?.total_ms ?? 0) };
    },
  };
}
