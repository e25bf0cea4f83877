import type { SignatureSource } from '@shadowtune/shared/contracts/generated-types';
import type { LogOrigin } from '../log/log-origin.js';
import type { RawPlan } from '../plan/raw-plan.js';

/** One statement as an input saw it, before normalization. `statement`, `parameters` and `plan` are production data. */
export interface StatementObservation {
  readonly source: SignatureSource;
  readonly sourcePosition: string | null;
  readonly observedAt: number;
  readonly statement: string;
  /** Bind parameter values by number ($1 at index 0); null when the input had none. */
  readonly parameters: readonly (string | null)[] | null;
  readonly calls: number;
  readonly durationMs: number | null;
  readonly totalDurationMs: number | null;
  readonly rows: number | null;
  readonly plan: RawPlan | null;
  readonly origin: LogOrigin;
  /** Flags the input already knows (INVALID_UTF8, AUTO_EXPLAIN, COUNTERS_RESET, ...). */
  readonly flags: readonly string[];
  /** False for aggregates (pg_stat_statements deltas): published whatever the sampling rate. */
  readonly sampled: boolean;
  /** Whether the values feed the parameter profiles (false where another record already counted them). */
  readonly profiled: boolean;
}
