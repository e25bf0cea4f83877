import type { ValueSpace } from './value-space.js';

const KINDS = ['click', 'view', 'purchase', 'signup', 'refund', 'share', 'search'];

/** Small JSON documents carrying k, so distinct k give distinct documents. */
export function createJsonSpace(): ValueSpace {
  return {
    capacity: Number.MAX_SAFE_INTEGER,
    needsEscape: false,
    encode: (k) => `{"id": ${k}, "kind": "${KINDS[k % KINDS.length]}", "score": ${k % 100}}`,
  };
}
