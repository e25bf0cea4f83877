import { randomUUID } from 'node:crypto';

// The id's text is written here as ASCII and read out in one native call (no hex string, slices or concatenation).
const text = Buffer.alloc(36);
text[8] = 45;
text[13] = 45;
text[18] = 45;
text[23] = 45;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where each of the 32 hex digits goes in the 36 characters (the dashes skipped). */
const DIGIT_AT = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);

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

function mix(value: string): void {
  for (let i = 0; i < value.length; i += 1) {
    const ch = value.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
    c = Math.imul(c ^ ch, 0x27d4eb2f);
    d = Math.imul(d ^ ch, 0x165667b1);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  a = Math.imul(a ^ 0xff, 0x01000193);
  b = Math.imul(b ^ 0xff, 0x5bd1e995);
}

// The lanes after the last source mixed: the source repeats from one id to the next.
let lastSource = '';
let sourceA = 0;
let sourceB = 0;
let sourceC = 0;
let sourceD = 0;

/** Four independent 32-bit multiplicative lanes over source and position, in one pass. */
function hash(source: string, position: string): void {
  if (source !== lastSource || lastSource.length === 0) {
    a = 0x811c9dc5;
    b = 0x9e3779b9;
    c = 0x85ebca6b;
    d = 0xc2b2ae35;
    mix(source);
    lastSource = source;
    sourceA = a;
    sourceB = b;
    sourceC = c;
    sourceD = d;
  } else {
    a = sourceA;
    b = sourceB;
    c = sourceC;
    d = sourceD;
  }
  mix(position);
}

/** The 8 hex digits of a 32-bit word, from digit `first` (0..24) of the id on. */
function putWord(word: number, first: number): void {
  for (let k = 7; k >= 0; k -= 1) {
    text[DIGIT_AT[first + k]!] = HEX_DIGITS[word & 15]!;
    word >>>= 4;
  }
}

/**
 * A UUID (version 5 layout) derived from the input unit's identity, so that a replayed log
 * line gets the same eventId and consumers can drop it; random when there is no identity.
 * Four 32-bit hash lanes fill its 122 free bits: not a security property (the input is a
 * position, not a secret), only distinct positions must give distinct ids.
 */
export function eventIdOf(source: string, sourcePosition: string | null): string {
  if (sourcePosition === null) return randomUUID();
  hash(source, sourcePosition);
  putWord(fmix(a ^ d), 0);
  // Version 5 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
  putWord(((fmix(b ^ a) & 0xffff0fff) | 0x5000) >>> 0, 8);
  putWord(((fmix(c ^ b) & 0x3fffffff) | 0x80000000) >>> 0, 16);
  putWord(fmix(d ^ c), 24);
  return text.toString('latin1', 0, 36);
}
