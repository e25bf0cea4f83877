import type { TableReference } from '../ast/query-facts.js';

export type TableSize = 'large' | 'small' | 'unknown';

/**
 * Size class of a referenced table: 'unknown' when the table was never analyzed
 * (reltuples = -1, e.g. a shadow loaded from a schema file without statistics). Detectors
 * that reason from the statement alone treat unknown as large; cost-based ones need a plan.
 */
export function tableSize(reference: TableReference, largeTableRows: number): TableSize {
  const rows = reference.table?.stats.rowEstimate ?? -1;
  if (rows < 0) return 'unknown';
  return rows >= largeTableRows ? 'large' : 'small';
}
