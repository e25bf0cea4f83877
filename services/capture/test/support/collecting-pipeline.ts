import type { DeadLetter, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import type { CaptureConfig } from '@shadowtune/shared/config/services/capture-config';
import { createLogger, type Logger } from '@shadowtune/shared/log/create-logger';
import { Registry } from 'prom-client';
import { CaptureMetrics } from '../../src/metrics/capture-metrics.js';
import { CapturePipeline } from '../../src/pipeline/capture-pipeline.js';

export interface CollectingPipeline {
  readonly pipeline: CapturePipeline;
  readonly records: QuerySignature[];
  readonly deadLetters: DeadLetter[];
  readonly registry: Registry;
  readonly metrics: CaptureMetrics;
  /** Every line the logger wrote (level trace). */
  readonly logLines: string[];
  readonly logger: Logger;
}

/** A pipeline whose publisher collects records in memory (what a test inspects), logging at trace into a buffer. */
export function collectingPipeline(options: { samplingRate?: number; settings?: Partial<CaptureConfig> } = {}): CollectingPipeline {
  const records: QuerySignature[] = [];
  const deadLetters: DeadLetter[] = [];
  const logLines: string[] = [];
  const registry = new Registry();
  const metrics = new CaptureMetrics(registry);
  const logger = createLogger({ service: 'capture', level: 'trace', destination: { write: (line: string) => void logLines.push(line) } });
  const settings = { ...configSchema.parse({}).services.capture, ...options.settings };
  const pipeline = new CapturePipeline({
    settings,
    samplingRate: options.samplingRate ?? 1,
    publisher: {
      publish: (record) => void records.push(record),
      deadLetter: (record) => void deadLetters.push(record),
    },
    metrics,
    logger,
  });
  return { pipeline, records, deadLetters, registry, metrics, logLines, logger };
}
