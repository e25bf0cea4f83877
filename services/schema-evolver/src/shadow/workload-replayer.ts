import type { ParameterSource } from './parameter-source.js';

/** One fingerprint to replay on both sides. */
export interface ReplayStatement {
  readonly fingerprint: string;
  readonly sql: string;
  /** Its share of the observed workload's time (the mix). */
  readonly share: number;
  /** Executions to measure on each side. */
  readonly runs: number;
  /** Per placeholder position ($1 = index 0). */
  readonly parameters: readonly ParameterSource[];
}

export interface ReplayRequest {
  readonly baselineUrl: string;
  readonly candidateUrl: string;
  readonly statements: readonly ReplayStatement[];
  readonly warmupRuns: number;
  readonly statementTimeoutMs: number;
  readonly seed: number;
}

/** What one side measured for one fingerprint. */
export interface SideMeasurement {
  /** Latency of each successful execution, ms. */
  readonly latenciesMs: readonly number[];
  readonly errors: number;
  /** Code of the first error (SQLSTATE), or null. */
  readonly errorCode: string | null;
  /** Planner's total cost with the first drawn parameters, or null when EXPLAIN failed. */
  readonly planCost: number | null;
  /** Node types, relations and indexes of that plan, as a comparable string. */
  readonly planShape: string | null;
}

export interface FingerprintMeasurement {
  readonly fingerprint: string;
  readonly share: number;
  readonly baseline: SideMeasurement;
  readonly candidate: SideMeasurement;
}

/**
 * Replays fingerprints against a baseline and a candidate database and measures them.
 * A function so the replayer can be swapped (e.g. for the bench-runner over bench.requests).
 */
export type WorkloadReplayer = (request: ReplayRequest) => Promise<readonly FingerprintMeasurement[]>;
