import { saltedHash53 } from '../profiles/salted-hash-53.js';
import { hexDigits } from '../util/hex-digits.js';

// Fixed seeds: fingerprints must be equal in every process and across restarts.
const FIRST = { a: 0x2545f491, b: 0x4f6cdd1d };
const SECOND = { a: 0x6a09e667, b: 0xbb67ae85 };

/** 16 hex digits (64 bits, from two independent 53-bit hashes) of a text. */
export function fingerprintHex(text: string): string {
  return hexDigits(saltedHash53(text, FIRST), 8) + hexDigits(saltedHash53(text, SECOND), 8);
}
