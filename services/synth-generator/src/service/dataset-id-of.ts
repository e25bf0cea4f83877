import { createHash } from 'node:crypto';

/** The dataset id of (finding id, finding revision, seed): a redelivered finding maps to the same dataset. */
export function datasetIdOf(findingId: string, revision: number, seed: number): string {
  return `ds_${createHash('sha256').update(`${findingId}\u0000${revision}\u0000${seed}`).digest('hex').slice(0, 32)}`;
}
