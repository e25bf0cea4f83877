/** Two 32-bit seeds derived from the secret salt. */
export interface HashSeed {
  readonly a: number;
  readonly b: number;
}

/**
 * cyrb53: a fast 53-bit string hash, seeded with the secret salt so that the sketch keys
 * are salted hashes of the values. Only aggregates computed from them leave capture.
 */
export function saltedHash53(text: string, seed: HashSeed): number {
  let h1 = 0xdeadbeef ^ seed.a;
  let h2 = 0x41c6ce57 ^ seed.b;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
