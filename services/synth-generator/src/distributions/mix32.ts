/**
 * murmur3's 32-bit finalizer: a bijective avalanche mix. Every random draw of the
 * generator is `mix32` of a counter, so a cell's value is a pure function of
 * (seed, table, column, row) and any row can be regenerated alone — which is what lets
 * two connections load halves of a table and a child table recompute its parent's keys.
 */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
