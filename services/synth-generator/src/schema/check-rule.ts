export type ComparisonOperator = '>' | '>=' | '<' | '<=' | '=' | '<>';

/**
 * One atom of a CHECK expression the generator knows how to satisfy. `column` is the
 * column name, or `value` for a domain's CHECK (VALUE ...). Literals keep the server's
 * text (`12.50`, `2024-01-01`, `paid`); the column's type decides how to read them.
 */
export type CheckRule =
  | { readonly kind: 'compare'; readonly column: string; readonly operator: ComparisonOperator; readonly literal: string }
  | { readonly kind: 'in'; readonly column: string; readonly literals: readonly string[] }
  | { readonly kind: 'not-in'; readonly column: string; readonly literals: readonly string[] }
  | { readonly kind: 'length'; readonly column: string; readonly operator: ComparisonOperator; readonly length: number }
  | { readonly kind: 'not-null'; readonly column: string }
  | { readonly kind: 'column-compare'; readonly left: string; readonly operator: ComparisonOperator; readonly right: string };

export interface ParsedCheck {
  readonly rules: readonly CheckRule[];
  /** False when some part could not be interpreted: the server must validate generated rows. */
  readonly fullyInterpreted: boolean;
}
