import type { ValueSpace } from './value-space.js';

/** A closed set of values (IN-list, enum labels, booleans), numbered in the given order. */
export function createListSpace(values: readonly string[]): ValueSpace {
  const list = [...values];
  return {
    capacity: list.length,
    needsEscape: list.some((v) => /[\\\t\n\r]/.test(v)),
    encode: (k) => list[k] ?? list[0] ?? '',
  };
}
