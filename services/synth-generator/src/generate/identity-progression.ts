/** How the server numbers a column from a sequence after TRUNCATE ... RESTART IDENTITY: start, start + increment, ... in row order. */
export interface IdentityProgression {
  readonly start: number;
  readonly increment: number;
}
