import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';

/** Time one signature stands for, in ms, sampling undone (0 when no duration was observed). */
export function timeSpentMs(signature: QuerySignature): number {
  const total = signature.totalDurationMs ?? (signature.durationMs === null ? 0 : signature.durationMs * signature.calls);
  return total * signature.samplingWeight;
}
