import type { ColumnConstraints } from './column-constraints.js';

export interface UnitRange {
  /** Inclusive bounds in integer units (1 for integers, 10^-scale for numeric, 1 s for timestamps, ...). */
  readonly low: number;
  readonly high: number;
  /** Excluded unit values inside [low, high], ascending, distinct. */
  readonly excluded: readonly number[];
  /** Comparisons whose literal could not be read as this type. */
  readonly unreadable: number;
}

/**
 * Turns a column's comparisons into an inclusive range of integer units. `toUnits` reads a
 * literal into (possibly fractional) units; a strict bound moves one unit inward. The
 * default low bound is `preferredLow` when the constraints allow it.
 */
export function resolveUnitRange(
  constraints: ColumnConstraints,
  toUnits: (literal: string) => number | null,
  typeLow: number,
  typeHigh: number,
  preferredLow: number,
): UnitRange {
  let low: number | null = null;
  let high: number | null = null;
  let unreadable = 0;
  for (const { operator, literal } of constraints.comparisons) {
    const units = toUnits(literal);
    if (units === null || !Number.isFinite(units)) {
      unreadable += 1;
      continue;
    }
    if (operator === '>') low = Math.max(low ?? -Infinity, Math.floor(units) + 1);
    else if (operator === '>=') low = Math.max(low ?? -Infinity, Math.ceil(units));
    else if (operator === '<') high = Math.min(high ?? Infinity, Math.ceil(units) - 1);
    else if (operator === '<=') high = Math.min(high ?? Infinity, Math.floor(units));
  }
  const effectiveHigh = Math.min(typeHigh, high ?? typeHigh);
  let effectiveLow: number;
  if (low !== null) effectiveLow = Math.max(typeLow, low);
  else if (preferredLow <= effectiveHigh) effectiveLow = Math.max(typeLow, preferredLow);
  else effectiveLow = Math.max(typeLow, effectiveHigh - 1_000_000);
  const excluded = new Set<number>();
  for (const literal of constraints.excluded) {
    const units = toUnits(literal);
    if (units !== null && Number.isInteger(units) && units >= effectiveLow && units <= effectiveHigh) excluded.add(units);
  }
  return { low: effectiveLow, high: effectiveHigh, excluded: [...excluded].sort((a, b) => a - b), unreadable };
}

/** Number of usable units in the range (0 when empty). */
export function unitRangeCapacity(range: UnitRange): number {
  if (range.high < range.low) return 0;
  return Math.min(Number.MAX_SAFE_INTEGER, range.high - range.low + 1 - range.excluded.length);
}

/** The k-th usable unit value, skipping the excluded ones. */
export function unitAt(range: UnitRange, k: number): number {
  let value = range.low + k;
  for (const skip of range.excluded) {
    if (value >= skip) value += 1;
    else break;
  }
  return value;
}
