/**
 * Draws a 0-based rank in [0, distinct) for one cell. Rank 0 is the most frequent value
 * (the heavy hitter); the value a rank stands for is decided by the column's value domain.
 */
export interface RankSampler {
  readonly distinct: number;
  /** `cellHash` identifies the cell; draws are taken from `firstDraw` on (see cellUniform). */
  sample(cellHash: number, firstDraw: number): number;
}
