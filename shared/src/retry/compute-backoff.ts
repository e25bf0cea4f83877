export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Share (0..1) of random spread around each delay, so retries of many tasks do not align. */
  readonly jitter: number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure): exponential from
 * initialMs, capped at maxMs, spread by ±jitter/2 so simultaneous failures do not retry
 * in lockstep.
 */
export function computeBackoff(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const spread = exponential * policy.jitter * (random() - 0.5);
  return Math.max(0, Math.round(exponential + spread));
}
