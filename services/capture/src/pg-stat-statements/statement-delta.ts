import type { StatementCounters } from './statement-counters.js';

/** What one statement entry did between two polls. */
export interface StatementDelta {
  readonly counters: StatementCounters;
  readonly calls: number;
  readonly totalExecTimeMs: number;
  readonly rows: number;
  /** The counters were reset (or the entry evicted and re-created) since the previous poll: the delta is the current value. */
  readonly reset: boolean;
}
