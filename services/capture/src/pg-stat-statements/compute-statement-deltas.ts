import type { PgStatStatementsSnapshot } from './statement-counters.js';
import type { StatementDelta } from './statement-delta.js';

// total_exec_time is a float summed by the server: tolerate rounding noise before calling it a decrease.
const TIME_EPSILON_MS = 1e-6;

/**
 * Deltas of calls, total execution time and rows between two polls, per (userid, dbid,
 * queryid, toplevel). Correct across:
 * - `pg_stat_statements_reset()` of everything, and a crash restart: stats_reset changes, so
 *   every current value counts from zero;
 * - a reset of single entries, and eviction plus re-creation: an entry whose counters went
 *   down counts from zero;
 * - a clean restart: the extension saved its counters, the differences stay right;
 * - an entry that appeared since the previous poll: all of its counts are new.
 * The first poll only sets the baseline (its totals cover an unknown span of time).
 * Entries without new calls give no delta.
 */
export function computeStatementDeltas(previous: PgStatStatementsSnapshot | null, current: PgStatStatementsSnapshot): StatementDelta[] {
  if (previous === null) return [];
  const everythingReset = previous.statsReset !== null && current.statsReset !== null && previous.statsReset !== current.statsReset;
  const deltas: StatementDelta[] = [];
  for (const counters of current.counters.values()) {
    const before = everythingReset ? undefined : previous.counters.get(counters.key);
    let delta: StatementDelta;
    if (before === undefined) {
      delta = { counters, calls: counters.calls, totalExecTimeMs: counters.totalExecTimeMs, rows: counters.rows, reset: everythingReset };
    } else if (counters.calls < before.calls || counters.totalExecTimeMs < before.totalExecTimeMs - TIME_EPSILON_MS || counters.rows < before.rows) {
      delta = { counters, calls: counters.calls, totalExecTimeMs: counters.totalExecTimeMs, rows: counters.rows, reset: true };
    } else {
      delta = {
        counters,
        calls: counters.calls - before.calls,
        totalExecTimeMs: Math.max(0, counters.totalExecTimeMs - before.totalExecTimeMs),
        rows: counters.rows - before.rows,
        reset: false,
      };
    }
    if (delta.calls > 0) deltas.push(delta);
  }
  return deltas;
}
