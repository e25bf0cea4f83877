import { mix32 } from '../distributions/mix32.js';
import type { ValueSpace } from './value-space.js';

const NEEDS_QUOTES = /[{}",\\\s]|^$|^null$/i;

function quoteElement(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
}

/**
 * One-dimensional arrays of 1..3 elements of the element space; the first element is value
 * k of the element space, so distinct k give distinct arrays (up to its capacity).
 */
export function createArraySpace(element: ValueSpace): ValueSpace {
  const elementCap = Math.max(1, Math.min(element.capacity, 2 ** 31));
  return {
    capacity: element.capacity,
    // Quoted elements carry backslashes.
    needsEscape: true,
    encode: (k) => {
      const h = mix32(k);
      const length = 1 + (h % 3);
      let text = `{${quoteElement(element.encode(k))}`;
      for (let i = 1; i < length; i += 1) text += `,${quoteElement(element.encode(mix32(h + i) % elementCap))}`;
      return `${text}}`;
    },
  };
}
