/**
 * The values a column can take, numbered: `encode(k)` is the k-th value, injective over
 * [0, capacity). A rank drawn by a distribution (or a row index, for a unique column) is
 * turned into a value through it, so "the same k" always means "the same value" — which
 * is how skew is measured, how uniqueness holds and how a child recomputes its parent's key.
 */
export interface ValueSpace {
  /** How many distinct values encode() produces (capped at Number.MAX_SAFE_INTEGER). */
  readonly capacity: number;
  /** The raw text of value k (PostgreSQL input syntax, not yet escaped for COPY). */
  encode(k: number): string;
  /** True when encode() may return text COPY must escape (backslash, tab, newline, CR). */
  readonly needsEscape: boolean;
  /**
   * For ordered types (numbers, dates, times, intervals): a number that orders values as
   * the server does; encode() is increasing in k under it. Lets a column be drawn above
   * another (CHECK (a < b)).
   */
  readonly order?: (text: string) => number;
  /** For date/time types: the value at an instant (ms since the epoch) inside [minInstant, maxInstant]. */
  readonly encodeInstant?: (epochMs: number) => string;
  readonly minInstant?: number;
  readonly maxInstant?: number;
}
