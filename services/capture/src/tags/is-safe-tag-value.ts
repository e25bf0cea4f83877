import { hasDataLikeRun } from './has-data-like-run.js';

const SAFE_SHAPE = /^[A-Za-z_/][A-Za-z0-9_.:/#<>{}-]{0,63}$/;

/**
 * Whether a tag value looks like a name from code (controller, action, route template,
 * framework) rather than data: identifier-like characters only, at most 64 of them, no
 * run of 4 digits (ids, years, phone numbers), no 8+ hex digits in a row (ids, hashes), no
 * spaces, quotes or @ (names, emails, sentences). Values that fail are dropped, not cleaned.
 */
export function isSafeTagValue(value: string): boolean {
  return SAFE_SHAPE.test(value) && !hasDataLikeRun(value);
}
