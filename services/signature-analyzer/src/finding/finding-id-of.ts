import { createHash } from 'node:crypto';

/** Stable id of "this problem on this fingerprint": hash of the fingerprint and the sorted pattern set. */
export function findingIdOf(fingerprint: string, patterns: readonly string[]): string {
  const set = [...new Set(patterns)].sort();
  return createHash('sha256').update(`${fingerprint}\n${set.join(',')}`).digest('hex').slice(0, 32);
}
