import type { ParameterProfile, StatementKind } from '@shadowtune/shared/contracts/generated-types';

/** One fingerprint of the observed workload, aggregated over its signatures (sampling undone). */
export interface WorkloadStatement {
  readonly fingerprint: string;
  readonly normalizedSql: string;
  readonly statementKind: StatementKind;
  readonly parsed: boolean;
  /** tags.database of the signatures, or null when unknown. */
  readonly database: string | null;
  /** Executions the signatures stand for (calls × samplingWeight). */
  readonly calls: number;
  /** Time spent in ms (total duration × samplingWeight); 0 when no duration was observed. */
  readonly totalMs: number;
  /** Latest per-placeholder value profiles (the most complete seen). */
  readonly parameters: readonly ParameterProfile[];
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
}
