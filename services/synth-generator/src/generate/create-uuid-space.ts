import { mix32 } from '../distributions/mix32.js';
import type { ValueSpace } from './value-space.js';

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0').slice(-width);
}

/** Version-4-shaped UUIDs: random-looking head from a hash of k, k itself in the last 48 bits. */
export function createUuidSpace(salt: number): ValueSpace {
  return {
    capacity: 2 ** 48,
    needsEscape: false,
    encode: (k) => {
      const a = mix32(k ^ salt);
      const b = mix32(a + salt);
      return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${hex(0x8000 | (mix32(b) & 0x3fff), 4)}-${hex(k, 12)}`;
    },
  };
}
