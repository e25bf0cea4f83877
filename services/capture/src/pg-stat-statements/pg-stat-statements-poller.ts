import { setTimeout as sleep } from 'node:timers/promises';
import { toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { CaptureMetrics } from '../metrics/capture-metrics.js';
import type { BatchSummary, CapturePipeline } from '../pipeline/capture-pipeline.js';
import { UNKNOWN_ORIGIN } from '../log/log-origin.js';
import { computeStatementDeltas } from './compute-statement-deltas.js';
import type { PgStatStatementsReader } from './read-pg-stat-statements.js';
import type { PgStatStatementsSnapshot } from './statement-counters.js';

export interface PgStatStatementsPollerOptions {
  readonly reader: PgStatStatementsReader;
  readonly pipeline: CapturePipeline;
  readonly metrics: CaptureMetrics;
  readonly logger: Logger;
}

// Texts pg_stat_statements shows instead of a statement.
const NOT_A_STATEMENT = new Set(['<insufficient privilege>', '']);

/**
 * Polls pg_stat_statements and publishes, per statement entry, what it did since the
 * previous poll (calls, total and mean time, rows) as one signature record. Aggregates are
 * not sampled (weight 1) and do not feed parameter profiles.
 */
export class PgStatStatementsPoller {
  private previous: PgStatStatementsSnapshot | null = null;

  constructor(private readonly options: PgStatStatementsPollerOptions) {}

  /** One poll; the first only sets the baseline. */
  async poll(): Promise<BatchSummary> {
    const current = await this.options.reader.read();
    const deltas = computeStatementDeltas(this.previous, current);
    if (this.previous === null) this.options.logger.info({ entries: current.counters.size }, 'pg_stat_statements baseline read; deltas are published from the next poll on');
    this.previous = current;
    const batch = this.options.pipeline.batch();
    for (const delta of deltas) {
      const counters = delta.counters;
      if (counters.query === null || NOT_A_STATEMENT.has(counters.query.trim())) {
        this.options.metrics.skipped('pg_stat_statements', 'NO_STATEMENT_TEXT');
        continue;
      }
      batch.handleObservation({
        source: 'PG_STAT_STATEMENTS',
        sourcePosition: `pgss:${counters.dbid}:${counters.userid}:${counters.queryid}:${counters.toplevel ? 1 : 0}:${current.takenAt}`,
        observedAt: current.takenAt,
        statement: counters.query,
        parameters: null,
        calls: delta.calls,
        durationMs: delta.totalExecTimeMs / delta.calls,
        totalDurationMs: delta.totalExecTimeMs,
        rows: delta.rows,
        plan: null,
        origin: { ...UNKNOWN_ORIGIN, database: counters.databaseName, user: counters.userName },
        flags: delta.reset ? ['COUNTERS_RESET'] : [],
        sampled: false,
        profiled: false,
      });
    }
    return await batch.settle();
  }

  /** Polls every `intervalMs` until the signal aborts; a failed poll is logged and retried at the next interval. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.poll();
      } catch (error) {
        this.options.logger.error({ err: toShadowtuneError(error, 'DB_QUERY_FAILED') }, 'pg_stat_statements poll failed');
      }
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }
}
