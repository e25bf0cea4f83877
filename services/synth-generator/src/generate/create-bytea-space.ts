import { mix32 } from '../distributions/mix32.js';
import type { ValueSpace } from './value-space.js';

/** bytea in hex input syntax: 4 hash bytes then k on 6 bytes. Needs COPY escaping (the backslash). */
export function createByteaSpace(): ValueSpace {
  return {
    capacity: 2 ** 48,
    needsEscape: true,
    encode: (k) => `\\x${mix32(k).toString(16).padStart(8, '0')}${k.toString(16).padStart(12, '0')}`,
  };
}
