import { setTimeout as sleep } from 'node:timers/promises';
import type { CaptureConfig } from '@shadowtune/shared/config/services/capture-config';
import { toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { startHttpInput, type RunningHttpInput } from './http/start-http-input.js';
import { CheckpointStore } from './inputs/log-file/checkpoint-store.js';
import { readLogFile } from './inputs/log-file/read-log-file.js';
import type { CaptureMetrics } from './metrics/capture-metrics.js';
import { PgStatStatementsPoller } from './pg-stat-statements/pg-stat-statements-poller.js';
import { PgStatStatementsReader } from './pg-stat-statements/read-pg-stat-statements.js';
import type { StatementSource } from './pg-stat-statements/statement-source.js';
import type { CapturePipeline } from './pipeline/capture-pipeline.js';

export interface CaptureInputsOptions {
  readonly settings: CaptureConfig;
  readonly pipeline: CapturePipeline;
  readonly metrics: CaptureMetrics;
  readonly logger: Logger;
  /** Read-only session for pg_stat_statements (used when settings.pgStatStatements.enabled). */
  readonly statementSource: StatementSource | null;
  /** pg_stat_statements: one delta (baseline, one interval, second poll), then stop (the CLI's --once). */
  readonly pgStatStatementsOnce?: boolean;
}

export interface RunningCaptureInputs {
  /** Address of the log-shipper endpoint, when enabled. */
  readonly http: { readonly host: string; readonly port: number } | null;
  /** Settles when every input has ended (once-mode files, a one-shot poll); followers and HTTP run until stop(). */
  readonly finished: Promise<void>;
  /** Stops every input; the batches in hand are published (and checkpointed) first. */
  stop(): Promise<void>;
}

/** Starts the configured inputs of capture: log files, pg_stat_statements polling, the HTTP endpoint. */
export async function startCaptureInputs(options: CaptureInputsOptions): Promise<RunningCaptureInputs> {
  const { settings, pipeline, metrics, logger } = options;
  const controller = new AbortController();
  const tasks: Promise<void>[] = [];

  for (const file of settings.logFiles) {
    const checkpoints = settings.checkpointDir === null ? null : new CheckpointStore(settings.checkpointDir, file.path);
    const task = readLogFile({
      file,
      pipeline,
      checkpoints,
      pollIntervalMs: settings.followPollIntervalMs,
      readChunkBytes: settings.readChunkBytes,
      metrics,
      logger,
      signal: controller.signal,
    });
    tasks.push(
      task.catch((error: unknown) => {
        logger.error({ err: toShadowtuneError(error), path: file.path }, 'log file input stopped');
        throw error;
      }),
    );
  }

  if (settings.pgStatStatements.enabled) {
    if (options.statementSource === null) {
      logger.warn('pg_stat_statements polling is enabled but no production connection is configured: not polling');
    } else {
      const poller = new PgStatStatementsPoller({ reader: new PgStatStatementsReader(options.statementSource, settings.pgStatStatements.relation), pipeline, metrics, logger });
      const interval = settings.pgStatStatements.pollIntervalMs;
      tasks.push(
        options.pgStatStatementsOnce === true
          ? (async () => {
              await poller.poll();
              await sleep(interval, undefined, { signal: controller.signal }).catch(() => undefined);
              if (!controller.signal.aborted) await poller.poll();
            })()
          : poller.run(interval, controller.signal),
      );
    }
  }

  let http: RunningHttpInput | null = null;
  if (settings.http.enabled) {
    http = await startHttpInput({ host: settings.http.host, port: settings.http.port, bodyLimitBytes: settings.http.bodyLimitBytes, batchLimit: settings.http.batchLimit, pipeline, metrics, logger });
    logger.info({ host: http.host, port: http.port }, 'log-shipper endpoint listening (POST /v1/events)');
    // The endpoint is an input that only ends when stopped.
    const stopped = controller.signal;
    tasks.push(new Promise<void>((resolve) => (stopped.aborted ? resolve() : stopped.addEventListener('abort', () => resolve(), { once: true }))));
  }

  const finished = Promise.all(tasks).then(() => undefined);
  // Callers that only stop() must not see an unhandled rejection; errors were logged above.
  finished.catch(() => undefined);
  return {
    http: http === null ? null : { host: http.host, port: http.port },
    finished,
    async stop() {
      controller.abort();
      await Promise.allSettled(tasks);
      await http?.close();
    },
  };
}
