import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { LatencyStore } from './catalog/latency-store.js';

/**
 * query.signatures: the production latency of fingerprints that have a live proposal is
 * added to per-minute buckets, for the watch to compare before and after a change. Other
 * fingerprints and observations without a duration are skipped.
 */
export async function handleSignature(signature: QuerySignature, watched: ReadonlySet<string>, latency: LatencyStore): Promise<boolean> {
  if (!watched.has(signature.fingerprint) || signature.durationMs === null) return false;
  const calls = Math.max(signature.calls, 1) * signature.samplingWeight;
  const total = signature.totalDurationMs !== null ? signature.totalDurationMs * signature.samplingWeight : signature.durationMs * calls;
  await latency.record(signature.fingerprint, signature.observedAt, calls, total);
  return true;
}
