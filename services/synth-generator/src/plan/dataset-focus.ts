/** Where a dataset concentrates: what the finding touches, names and skews. */
export interface DatasetFocus {
  /** Tables filled to full volume; `suggestedRows` is the analyzer's suggestion, if any. */
  readonly deepTables: readonly { readonly schema: string; readonly table: string; readonly suggestedRows: number | null }[];
  /** Columns to skew with an explicit Zipf exponent. */
  readonly skewTargets: readonly { readonly schema: string; readonly table: string; readonly column: string; readonly factor: number }[];
  /** Columns the statement uses and how (FILTER columns of one table are correlated). */
  readonly findingColumns: readonly { readonly schema: string; readonly table: string; readonly column: string; readonly role: string; readonly operator: string | null }[];
  /** How concentrated the statement's literals are for a column (from capture's parameter profiles). */
  readonly parameterProfiles: readonly { readonly schema: string; readonly table: string; readonly column: string; readonly topShare: number; readonly distinctEstimate: number }[];
}
