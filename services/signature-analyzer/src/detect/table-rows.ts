import type { TableReference } from '../ast/query-facts.js';

/** The table's estimated rows, 0 when unknown. */
export function tableRows(reference: TableReference): number {
  return Math.max(reference.table?.stats.rowEstimate ?? 0, 0);
}
