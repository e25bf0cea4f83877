import { createHash } from 'node:crypto';
import { MAX_IDENTIFIER_BYTES } from '@shadowtune/shared/sql/quote-identifier';

/**
 * A name for a generated object (index, constraint, column, function): the parts joined
 * by underscores with the suffix, cut to PostgreSQL's 63 bytes with a short hash of the
 * full name when too long, and made different from `taken` names the same way.
 */
export function deriveObjectName(parts: readonly string[], suffix: string, taken: ReadonlySet<string> = new Set()): string {
  const full = [...parts, suffix].filter((p) => p !== '').join('_');
  const fits = (name: string) => Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES;
  if (fits(full) && !taken.has(full)) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const tail = `_${hash}_${suffix}`;
  let head = [...parts].join('_');
  while (!fits(head + tail) && head.length > 0) head = head.slice(0, -1);
  return head + tail;
}
