import type { Summary } from '@shadowtune/shared/contracts/generated-types';

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median, p95, min and max of a set of timings (all zero for an empty set). */
export function summarizeTimings(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { median: 0, p95: 0, min: 0, max: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, p95: percentile(sorted, 0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}
