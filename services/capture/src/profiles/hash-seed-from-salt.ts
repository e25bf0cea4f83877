import { createHash, randomBytes } from 'node:crypto';
import type { HashSeed } from './salted-hash-53.js';

/** Seeds from the configured salt, or from random bytes when none is configured. */
export function hashSeedFromSalt(salt: string | null): HashSeed {
  const digest = salt === null ? randomBytes(8) : createHash('sha256').update(salt).digest();
  return { a: digest.readUInt32LE(0), b: digest.readUInt32LE(4) };
}
