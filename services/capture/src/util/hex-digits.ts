const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The low `digits` hex digits (even, at most 12) of a non-negative integer below 2^53.
 * Number.prototype.toString(16) is slow for numbers past the small-integer range.
 */
export function hexDigits(value: number, digits: number): string {
  const high = Math.floor(value / 0x1_0000_0000);
  const low = value >>> 0;
  let out =
    BYTE_HEX[(high >>> 8) & 0xff]! + BYTE_HEX[high & 0xff]! +
    BYTE_HEX[low >>> 24]! + BYTE_HEX[(low >>> 16) & 0xff]! + BYTE_HEX[(low >>> 8) & 0xff]! + BYTE_HEX[low & 0xff]!;
  if (digits < 12) out = out.slice(12 - digits);
  return out;
}
