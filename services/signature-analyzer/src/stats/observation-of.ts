import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { Observation } from './observation.js';

function positiveOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Reduces a signature to the figures the statistics keep, undoing sampling. */
export function observationOf(signature: QuerySignature): Observation {
  const calls = Math.max(Number(signature.calls) || 0, 0);
  const weight = Number.isFinite(signature.samplingWeight) && signature.samplingWeight > 0 ? signature.samplingWeight : 1;
  const total = positiveOrNull(signature.totalDurationMs);
  const mean = positiveOrNull(signature.durationMs) ?? (total !== null && calls > 0 ? total / calls : null);
  const callTotal = total ?? (mean !== null ? mean * calls : null);
  const rows = signature.rows === null ? null : positiveOrNull(Number(signature.rows));
  return {
    observedAt: signature.observedAt,
    weightedCalls: calls * weight,
    meanMs: mean,
    weightedTotalMs: callTotal === null ? null : callTotal * weight,
    weightedRows: rows === null ? null : rows * weight,
    database: signature.tags.database,
    application: signature.tags.application,
  };
}
