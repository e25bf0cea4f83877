import { loadModule } from 'libpg-query';
import { Registry } from 'prom-client';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { CaptureMetrics } from './metrics/capture-metrics.js';
import { openReadOnlySource, type ReadOnlySource } from './pg-stat-statements/open-read-only-source.js';
import type { CapturePublisher } from './pipeline/capture-publisher.js';
import { CapturePipeline } from './pipeline/capture-pipeline.js';
import { startCaptureInputs } from './start-capture-inputs.js';

export interface RunCaptureOptions {
  /** Inputs come from config.services.capture (log files, pg_stat_statements, http). */
  readonly config: ShadowtuneConfig;
  readonly publisher: CapturePublisher;
  readonly logger: Logger;
  /** pg_stat_statements server (read-only session); null: none. */
  readonly pgStatStatementsUrl: string | null;
  /** pg_stat_statements: publish one delta and stop. */
  readonly once: boolean;
  /** Stops following/listening/polling; what is in hand is published and checkpointed first. */
  readonly signal: AbortSignal;
  /** Called once the inputs run (e.g. to tell where the HTTP endpoint listens). */
  readonly onStarted?: (http: { host: string; port: number } | null) => void;
}

/**
 * Capture in one process without a bus (the CLI's `shadowtune capture --print`): runs the
 * configured inputs through the pipeline into the given publisher until they end (once)
 * or the signal aborts.
 */
export async function runCapture(options: RunCaptureOptions): Promise<void> {
  await loadModule();
  const settings = options.config.services.capture;
  const metrics = new CaptureMetrics(new Registry());
  const pipeline = new CapturePipeline({ settings, samplingRate: options.config.samplingRate, publisher: options.publisher, metrics, logger: options.logger });
  let source: ReadOnlySource | null = null;
  if (options.pgStatStatementsUrl !== null) source = await openReadOnlySource(options.pgStatStatementsUrl);
  try {
    const inputs = await startCaptureInputs({ settings, pipeline, metrics, logger: options.logger, statementSource: source?.query ?? null, pgStatStatementsOnce: options.once });
    options.onStarted?.(inputs.http);
    const aborted = new Promise<void>((resolve) => {
      if (options.signal.aborted) resolve();
      else options.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      // Once-mode inputs end by themselves; followers, polling and the endpoint run until the signal.
      await Promise.race([aborted, inputs.finished]);
    } finally {
      await inputs.stop();
    }
    await inputs.finished;
  } finally {
    await source?.close();
  }
}
