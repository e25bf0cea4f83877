/** Values for a statement's $1..$n (text, cast by the server), and the part of the distribution they come from. */
export interface ParameterSet {
  readonly parameterClass: 'HEAVY_HITTER' | 'TAIL' | 'NONE' | 'EMPTY';
  readonly values: readonly (string | null)[];
}
