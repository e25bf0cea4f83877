import { mix32 } from './mix32.js';

const TWO_POW_32 = 4294967296;

/**
 * The `draw`-th uniform number in [0, 1) of one cell, where `cellHash` identifies the cell
 * (see cellHash). Counter-based, so no state is carried between rows.
 */
export function cellUniform(cellHash: number, draw: number): number {
  return mix32(cellHash + Math.imul(draw + 1, 0x9e3779b9)) / TWO_POW_32;
}
