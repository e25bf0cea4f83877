import { mix32 } from '../distributions/mix32.js';
import type { ValueSpace } from './value-space.js';

const DAY_MS = 86_400_000;
const BASE_DAY = Date.UTC(2020, 0, 1) / DAY_MS;

function day(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Less common types with an obvious synthetic form: point, ranges, xml, tsvector, bit,
 * varbit, char ("char"), oid-like integers. Returns null for a type it does not know.
 */
export function createOtherSpace(typeName: string, maxLength: number | null): ValueSpace | null {
  switch (typeName) {
    case 'point':
      return { capacity: Number.MAX_SAFE_INTEGER, needsEscape: false, encode: (k) => `(${k},${mix32(k) % 1000})` };
    case 'int4range':
    case 'int8range':
    case 'numrange':
      return { capacity: 2 ** 31, needsEscape: false, encode: (k) => `[${k},${k + 1 + (mix32(k) % 50)})` };
    case 'daterange':
      return { capacity: 2_000_000, needsEscape: false, encode: (k) => `[${day(BASE_DAY + k)},${day(BASE_DAY + k + 1 + (mix32(k) % 30))})` };
    case 'tsrange':
    case 'tstzrange':
      return {
        capacity: 2 ** 31,
        needsEscape: false,
        encode: (k) => {
          const start = Date.UTC(2020, 0, 1) + k * 60_000;
          const end = start + (1 + (mix32(k) % 600)) * 60_000;
          const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
          return `["${fmt(start)}","${fmt(end)}")`;
        },
      };
    case 'xml':
      return { capacity: Number.MAX_SAFE_INTEGER, needsEscape: false, encode: (k) => `<item id="${k}"/>` };
    case 'tsvector':
      return { capacity: Number.MAX_SAFE_INTEGER, needsEscape: false, encode: (k) => `k${k.toString(36)} word${mix32(k) % 500}` };
    case 'bit': {
      const width = maxLength ?? 1;
      return { capacity: 2 ** Math.min(width, 48), needsEscape: false, encode: (k) => k.toString(2).padStart(width, '0').slice(-width) };
    }
    case 'varbit':
      return { capacity: Number.MAX_SAFE_INTEGER, needsEscape: false, encode: (k) => k.toString(2) };
    case 'char':
      return { capacity: 26, needsEscape: false, encode: (k) => String.fromCharCode(97 + (k % 26)) };
    case 'oid':
      return { capacity: 2 ** 32 - 1, needsEscape: false, encode: (k) => String(k + 1) };
    default:
      return null;
  }
}
