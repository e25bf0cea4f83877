/**
 * A statement after the single-pass lexical normalization: literal-free text plus, kept
 * apart, what was taken out of it. `normalizedSql` is safe to publish; `literals` and
 * `comments` are production data and never leave capture.
 */
export interface LexicalNormalization {
  /**
   * Comments removed, whitespace collapsed, every literal (string, dollar-quoted, number,
   * boolean) and every `$n` replaced by a placeholder `$k` numbered in order of first
   * appearance, simple IN/ARRAY lists and repeated VALUES rows collapsed to one element/row.
   */
  readonly normalizedSql: string;
  /** Highest `$k` in normalizedSql. */
  readonly placeholderCount: number;
  /** Raw source text of each literal, in statement order. */
  readonly literals: readonly string[];
  /** The `$k` each literal became (same index as `literals`). */
  readonly literalPositions: readonly number[];
  /** The `$k` each original `$n` became, indexed by n (0 when `$n` does not occur). */
  readonly parameterPositions: readonly number[];
  /** Bodies of the comments, for sqlcommenter tags. */
  readonly comments: readonly string[];
  /** A string, quoted identifier or comment ran to the end of the text. */
  readonly unterminated: boolean;
}
