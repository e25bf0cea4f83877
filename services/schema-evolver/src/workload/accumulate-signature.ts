import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { timeSpentMs } from './time-spent-ms.js';
import type { WorkloadStatement } from './workload-statement.js';

function profileSamples(parameters: QuerySignature['parameters']): number {
  return parameters.reduce((sum, p) => sum + p.sampleCount, 0);
}

/**
 * Folds one signature into the aggregate of its fingerprint (a new aggregate when
 * `current` is undefined). Profiles are cumulative in capture, so the one built from more
 * samples wins.
 */
export function accumulateSignature(current: WorkloadStatement | undefined, signature: QuerySignature): WorkloadStatement {
  const calls = signature.calls * signature.samplingWeight;
  const spent = timeSpentMs(signature);
  if (current === undefined) {
    return {
      fingerprint: signature.fingerprint,
      normalizedSql: signature.normalizedSql,
      statementKind: signature.statementKind,
      parsed: signature.parsed,
      database: signature.tags.database,
      calls,
      totalMs: spent,
      parameters: signature.parameters,
      firstSeenAt: signature.observedAt,
      lastSeenAt: signature.observedAt,
    };
  }
  return {
    ...current,
    calls: current.calls + calls,
    totalMs: current.totalMs + spent,
    parameters: profileSamples(signature.parameters) >= profileSamples(current.parameters) ? signature.parameters : current.parameters,
    firstSeenAt: Math.min(current.firstSeenAt, signature.observedAt),
    lastSeenAt: Math.max(current.lastSeenAt, signature.observedAt),
  };
}
