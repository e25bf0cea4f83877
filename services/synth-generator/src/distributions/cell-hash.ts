import { mix32 } from './mix32.js';

/** Identifies one cell: a column's salt (see deriveSeed) and a 0-based row index. */
export function cellHash(salt: number, row: number): number {
  // Two rounds: rows are consecutive integers and one round leaves low-bit patterns.
  return mix32(mix32(row ^ salt) + salt);
}
