/**
 * How the values of one placeholder are drawn for a replay: from values sampled out of the
 * shadow's own rows (skewed like the observed profile), as a time/number window over a
 * column, as a constant (a resolved JSON key, LIMIT, OFFSET), or a plain value of the
 * profiled type.
 */
export type ParameterSource =
  | { readonly kind: 'sample'; readonly values: readonly string[]; readonly topShare: number }
  | { readonly kind: 'window-lower'; readonly min: number; readonly max: number; readonly span: number; readonly time: boolean; readonly pair: number | null }
  | { readonly kind: 'window-upper'; readonly pair: number }
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'typed'; readonly typeClass: string };
