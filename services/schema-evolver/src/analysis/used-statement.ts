import type { StatementUsage } from '../usage/statement-usage.js';
import type { WorkloadStatement } from '../workload/workload-statement.js';

/** A workload statement with what it does to the schema and its time weight. */
export interface UsedStatement {
  readonly statement: WorkloadStatement;
  readonly usage: StatementUsage;
  readonly weight: number;
}
