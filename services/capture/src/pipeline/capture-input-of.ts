import type { SignatureSource } from '@shadowtune/shared/contracts/generated-types';
import type { CaptureInput } from '../metrics/capture-metrics.js';

const INPUTS: Readonly<Record<SignatureSource, CaptureInput>> = {
  LOG_STDERR: 'stderr',
  LOG_CSV: 'csvlog',
  LOG_JSON: 'jsonlog',
  HTTP: 'http',
  KAFKA_RAW: 'kafka_raw',
  PG_STAT_STATEMENTS: 'pg_stat_statements',
  PROXY: 'http',
  OTHER: 'http',
};

/** The metrics label of an input. */
export function captureInputOf(source: SignatureSource): CaptureInput {
  return INPUTS[source];
}
