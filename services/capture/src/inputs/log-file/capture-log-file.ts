import { Registry } from 'prom-client';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { CaptureMetrics } from '../../metrics/capture-metrics.js';
import { CapturePipeline } from '../../pipeline/capture-pipeline.js';
import { readLogFile } from './read-log-file.js';

export interface CaptureLogFileOptions {
  readonly path: string;
  readonly format: 'stderr' | 'csvlog' | 'jsonlog';
  /** log_line_prefix of a stderr log. */
  readonly prefix: string;
  readonly config: ShadowtuneConfig;
  readonly logger: Logger;
}

export interface CaptureSummary {
  readonly signatures: number;
  readonly deadLetters: number;
}

/**
 * Runs capture's own pipeline over one log file, start to end (mode `once`, no
 * checkpoint), handing each signature to `onSignature` in order: the capture step of
 * the one-process commands (`shadowtune analyze`, `evolve`, `run --log`). Signatures are passed one at a time (the next waits for the previous).
 */
export async function captureLogFile(options: CaptureLogFileOptions, onSignature: (signature: QuerySignature) => Promise<void>): Promise<CaptureSummary> {
  const settings = options.config.services.capture;
  const metrics = new CaptureMetrics(new Registry());
  let signatures = 0;
  let deadLetters = 0;
  let chain: Promise<void> = Promise.resolve();
  const pipeline = new CapturePipeline({
    settings,
    samplingRate: options.config.samplingRate,
    metrics,
    logger: options.logger,
    publisher: {
      publish(record) {
        signatures += 1;
        chain = chain.then(() => onSignature(record));
        return chain;
      },
      deadLetter() {
        deadLetters += 1;
      },
    },
  });
  await readLogFile({
    file: { path: options.path, format: options.format, prefix: options.prefix, mode: 'once', startAt: 'beginning' },
    pipeline,
    checkpoints: null,
    pollIntervalMs: settings.followPollIntervalMs,
    readChunkBytes: settings.readChunkBytes,
    metrics,
    logger: options.logger,
  });
  await chain;
  return { signatures, deadLetters };
}
