import type { ColumnConstraints } from './column-constraints.js';
import { resolveUnitRange, unitAt, unitRangeCapacity } from './resolve-unit-range.js';
import type { ValueSpace } from './value-space.js';

const INTEGER_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function formatScaled(units: number, scale: number, divisor: number): string {
  if (scale === 0) return String(units);
  const negative = units < 0;
  const abs = Math.abs(units);
  const whole = Math.floor(abs / divisor);
  const fraction = String(abs - whole * divisor).padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Integers (int2/int4/int8), numeric(p,s), money and floats. Values are consecutive units
 * from the low bound (1 for integers unless a CHECK says otherwise, 0 for decimals), so a
 * unique column reads 1..n and CHECK ranges and exclusions hold by construction.
 */
export function createNumericSpace(
  typeName: string,
  precision: number | null,
  scale: number | null,
  constraints: ColumnConstraints,
): ValueSpace {
  const integerLimits = INTEGER_LIMITS[typeName];
  if (integerLimits !== undefined) {
    const range = resolveUnitRange(constraints, (t) => (/^-?\d+(\.\d+)?$/.test(t.trim()) ? Number(t) : null), integerLimits[0], integerLimits[1], 1);
    const plain = range.excluded.length === 0;
    const low = range.low;
    return {
      capacity: unitRangeCapacity(range),
      needsEscape: false,
      order: Number,
      encode: plain ? (k) => String(low + k) : (k) => String(unitAt(range, k)),
    };
  }
  if (typeName === 'float4' || typeName === 'float8') {
    // Quarter steps are exact in binary, so distinct k stay distinct after float4 rounding
    // up to 2^22 values; beyond that the capacity is what float8 keeps exact.
    const step = 0.25;
    const range = resolveUnitRange(constraints, (t) => (Number.isFinite(Number(t)) ? Number(t) / step : null), -(2 ** 50), 2 ** 50, 0);
    const cap = Math.min(unitRangeCapacity(range), typeName === 'float4' ? 2 ** 22 : 2 ** 50);
    return { capacity: cap, needsEscape: false, order: Number, encode: (k) => String(unitAt(range, k) * step) };
  }
  // numeric(p,s), unconstrained numeric (treated as scale 2) and money.
  const effectiveScale = typeName === 'money' ? 2 : scale ?? 2;
  const effectivePrecision = typeName === 'money' ? 15 : precision ?? 15;
  const divisor = 10 ** effectiveScale;
  const maxUnits = Math.min(Number.MAX_SAFE_INTEGER, 10 ** effectivePrecision - 1);
  const range = resolveUnitRange(
    constraints,
    (t) => (/^-?\d+(\.\d+)?$/.test(t.trim()) ? Math.round(Number(t) * divisor * 1e6) / 1e6 : null),
    -maxUnits,
    maxUnits,
    0,
  );
  return { capacity: unitRangeCapacity(range), needsEscape: false, order: Number, encode: (k) => formatScaled(unitAt(range, k), effectiveScale, divisor) };
}
