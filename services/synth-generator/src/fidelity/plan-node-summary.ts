/** One node of a plan, as the fidelity check compares it. */
export interface PlanNodeSummary {
  readonly nodeType: string;
  /** Table scanned, or null. */
  readonly relation: string | null;
  readonly index: string | null;
  readonly planRows: number | null;
  readonly depth: number;
}
