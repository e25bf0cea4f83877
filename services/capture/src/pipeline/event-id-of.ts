import { createHash, randomUUID } from 'node:crypto';

/**
 * A UUID derived from the input unit's identity (name-based, version 5 layout), so that a
 * replayed log line gets the same eventId and consumers can drop it; random without one.
 */
export function eventIdOf(source: string, sourcePosition: string | null): string {
  if (sourcePosition === null) return randomUUID();
  const bytes = createHash('sha1').update(source).update('\u0000').update(sourcePosition).digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
