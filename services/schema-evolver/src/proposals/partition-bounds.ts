import type { PartitionInterval } from './schema-change-spec.js';

const DAY_MS = 86_400_000;

function floorTo(ms: number, interval: PartitionInterval): Date {
  const d = new Date(ms);
  if (interval === 'month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (interval === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return day;
}

function next(date: Date, interval: PartitionInterval): Date {
  if (interval === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return new Date(date.getTime() + (interval === 'week' ? 7 : 1) * DAY_MS);
}

/**
 * Range partition bounds (UTC, ISO dates) covering [min, max] plus `ahead` partitions for
 * rows still to come, on day, week (Monday) or month boundaries: the finest interval
 * that keeps the partitions covering the data within `target` (months at most).
 */
export function partitionBounds(min: number, max: number, target: number, ahead = 2): { readonly interval: PartitionInterval; readonly bounds: readonly string[] } {
  const span = Math.max(max - min, DAY_MS);
  const interval: PartitionInterval = span / DAY_MS <= target ? 'day' : span / (7 * DAY_MS) <= target ? 'week' : 'month';
  const bounds: Date[] = [floorTo(min, interval)];
  while (bounds[bounds.length - 1]!.getTime() <= max) bounds.push(next(bounds[bounds.length - 1]!, interval));
  for (let i = 0; i < ahead; i += 1) bounds.push(next(bounds[bounds.length - 1]!, interval));
  return { interval, bounds: bounds.map((b) => b.toISOString().slice(0, 10)) };
}
