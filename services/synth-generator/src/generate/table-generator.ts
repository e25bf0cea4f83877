import type { TablePlan } from '../plan/generation-plan.js';

/** Generates the rows of one table, each a pure function of its row index. */
export interface TableGenerator {
  readonly plan: TablePlan;
  /** Columns of each COPY line, in order. */
  readonly copyColumns: readonly string[];
  /** One COPY text-format line (tab-separated, escaped, `\N` for NULL, ending in a newline). */
  line(row: number): string;
  /** The raw value (null for NULL) of a column at a row: what a child's foreign key copies. */
  value(column: string, row: number): string | null;
}
