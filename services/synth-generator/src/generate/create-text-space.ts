import type { ColumnConstraints } from './column-constraints.js';
import type { ValueSpace } from './value-space.js';

function keyedCapacity(maxChars: number): number {
  if (maxChars <= 0) return 0;
  return maxChars >= 10 ? Number.MAX_SAFE_INTEGER : Math.min(Number.MAX_SAFE_INTEGER, 36 ** maxChars);
}

/**
 * Strings: value k < pool size is the k-th realistic pool value (faker); beyond, a pool
 * value with the base-36 key of k appended (`Jane Doe #2s`, `jane.doe+2s@example.org`), so
 * every k gives a distinct value and a unique column stays unique. Length limits
 * (varchar(n), char(n), length() checks) are met by trimming the prefix, never the key;
 * below 12 characters the pool is dropped and values are bare zero-padded keys.
 */
export function createTextSpace(pool: readonly string[], isEmail: boolean, typeMaxLength: number | null, constraints: ColumnConstraints): ValueSpace {
  const maxLength = Math.min(typeMaxLength ?? Infinity, constraints.maxLength ?? Infinity);
  const minLength = Math.max(1, constraints.minLength ?? 1);
  const excluded = new Set(constraints.excluded);
  if (maxLength < 12) {
    const bound = Number.isFinite(maxLength) ? maxLength : 11;
    if (bound < minLength) return { capacity: 0, needsEscape: false, encode: () => '' };
    // Keys shorter than minLength are left-padded with zeros (still distinct: fixed width).
    return {
      capacity: keyedCapacity(bound),
      needsEscape: false,
      encode: (k) => k.toString(36).padStart(minLength, '0'),
    };
  }
  const usable = pool.filter((v) => v.length >= minLength && v.length <= maxLength && !excluded.has(v));
  const size = usable.length;
  const keyed = (k: number): string => {
    const key = k.toString(36);
    if (isEmail) {
      const source = usable[k % size] ?? 'user@example.org';
      const at = source.lastIndexOf('@');
      const local = at > 0 ? source.slice(0, at) : source;
      const domain = at > 0 ? source.slice(at) : '@example.org';
      const budget = maxLength - key.length - 1 - domain.length;
      if (budget >= 1) return `${local.slice(0, budget)}+${key}${domain}`.padEnd(minLength, 'x');
      return `u+${key}`.slice(0, maxLength);
    }
    const source = usable[k % size] ?? 'value';
    const budget = maxLength - key.length - 2;
    const prefix = source.slice(0, Math.max(1, budget)).trimEnd();
    const text = `${prefix} #${key}`;
    // Padding goes before the key so the key stays the distinguishing suffix.
    return text.length >= minLength ? text : `${prefix.padEnd(minLength - key.length - 2, 'x')} #${key}`;
  };
  return {
    capacity: Number.isFinite(maxLength) ? Math.min(Number.MAX_SAFE_INTEGER, size + keyedCapacity(maxLength - 3 - (isEmail ? 12 : 0))) : Number.MAX_SAFE_INTEGER,
    needsEscape: false,
    encode: size === 0 ? keyed : (k) => (k < size ? (usable[k] as string) : keyed(k)),
  };
}
