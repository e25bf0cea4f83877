import { randomUUID } from 'node:crypto';

// Reused for every id: the hex text is produced natively from these 16 bytes.
const bytes = Buffer.alloc(16);

/** MurmurHash3's final avalanche. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// The four hash lanes, advanced by `mix`.
let a = 0;
let b = 0;
let c = 0;
let d = 0;

function mix(text: string): void {
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
    c = Math.imul(c ^ ch, 0x27d4eb2f);
    d = Math.imul(d ^ ch, 0x165667b1);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  a = Math.imul(a ^ 0xff, 0x01000193);
  b = Math.imul(b ^ 0xff, 0x5bd1e995);
}

/** Four independent 32-bit multiplicative lanes over source and position, in one pass, into `bytes`. */
function hashInto(source: string, position: string): void {
  a = 0x811c9dc5;
  b = 0x9e3779b9;
  c = 0x85ebca6b;
  d = 0xc2b2ae35;
  mix(source);
  mix(position);
  bytes.writeUInt32BE(fmix(a ^ d), 0);
  bytes.writeUInt32BE(fmix(b ^ a), 4);
  bytes.writeUInt32BE(fmix(c ^ b), 8);
  bytes.writeUInt32BE(fmix(d ^ c), 12);
}

/**
 * A UUID (version 5 layout) derived from the input unit's identity, so that a replayed log
 * line gets the same eventId and consumers can drop it; random when there is no identity.
 * Four 32-bit hash lanes fill its 122 free bits: not a security property (the input is a
 * position, not a secret), only distinct positions must give distinct ids.
 */
export function eventIdOf(source: string, sourcePosition: string | null): string {
  if (sourcePosition === null) return randomUUID();
  hashInto(source, sourcePosition);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
