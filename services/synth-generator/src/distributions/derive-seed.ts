import { mix32 } from './mix32.js';

/**
 * A 32-bit salt from the user's seed and labels (table, column, purpose). FNV-1a over the
 * UTF-16 code units, finished with mix32; the seed enters first so two seeds never share
 * a stream.
 */
export function deriveSeed(seed: number | bigint, ...labels: readonly string[]): number {
  const seedBig = BigInt.asUintN(64, BigInt(seed));
  let h = 0x811c9dc5;
  h = Math.imul(h ^ Number(seedBig & 0xffffffffn), 0x01000193);
  h = Math.imul(h ^ Number(seedBig >> 32n), 0x01000193);
  for (const label of labels) {
    for (let i = 0; i < label.length; i += 1) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    // Separator so ('ab','c') and ('a','bc') differ.
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return mix32(h);
}
