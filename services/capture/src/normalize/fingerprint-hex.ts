import { createHash } from 'node:crypto';

/** 16 hex digits (64 bits) of SHA-256 over the given parts, separated so that parts cannot run together. */
export function fingerprintHex(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 16);
}
