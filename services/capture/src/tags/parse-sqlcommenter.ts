import { isSafeTagValue } from './is-safe-tag-value.js';

export interface SqlCommenterTags {
  readonly tags: Readonly<Record<string, string>>;
  /** key=value pairs dropped because the key is not allowed or the value failed the shape check. */
  readonly rejected: number;
}

const EQUALS = 61;
const QUOTE = 39;
const BACKSLASH = 92;
const COMMA = 44;
const NO_TAGS: SqlCommenterTags = { tags: {}, rejected: 0 };

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 37;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function decode(text: string): string | null {
  const unescaped = text.includes('\\') ? text.replace(/\\(.)/g, '$1') : text;
  if (!unescaped.includes('%')) return unescaped;
  try {
    return decodeURIComponent(unescaped);
  } catch {
    return null;
  }
}

/** Collects the allowed pairs of one comment into `out`; false when the comment is not entirely sqlcommenter pairs. */
function readPairs(comment: string, allowedKeys: ReadonlySet<string>, out: { tags: Record<string, string> | null; rejected: number }): boolean {
  const n = comment.length;
  let i = 0;
  let pairs = 0;
  let tags: Record<string, string> | null = null;
  let rejected = 0;
  for (;;) {
    while (i < n && isBlank(comment.charCodeAt(i))) i += 1;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && isKeyChar(comment.charCodeAt(i))) i += 1;
    if (i === keyStart || i - keyStart > 64) return false;
    const keyEnd = i;
    while (i < n && isBlank(comment.charCodeAt(i))) i += 1;
    if (comment.charCodeAt(i) !== EQUALS) return false;
    i += 1;
    while (i < n && isBlank(comment.charCodeAt(i))) i += 1;
    if (comment.charCodeAt(i) !== QUOTE) return false;
    const valueStart = i + 1;
    i = valueStart;
    while (i < n && comment.charCodeAt(i) !== QUOTE) i += comment.charCodeAt(i) === BACKSLASH ? 2 : 1;
    if (i >= n || i - valueStart > 512) return false;
    const valueEnd = i;
    i += 1;
    while (i < n && isBlank(comment.charCodeAt(i))) i += 1;
    if (i < n) {
      if (comment.charCodeAt(i) !== COMMA) return false;
      i += 1;
    }
    pairs += 1;
    const rawKey = comment.slice(keyStart, keyEnd);
    const key = (rawKey.includes('%') ? decode(rawKey) : rawKey)?.toLowerCase() ?? '';
    // Values of keys that are not allowed are not even decoded.
    if (!allowedKeys.has(key)) {
      rejected += 1;
      continue;
    }
    const value = decode(comment.slice(valueStart, valueEnd));
    if (value === null || !isSafeTagValue(value)) {
      rejected += 1;
      continue;
    }
    tags ??= {};
    tags[key] = value;
  }
  if (pairs === 0) return false;
  // Only a comment that is entirely pairs counts: commit what it held.
  if (tags !== null) out.tags = Object.assign(out.tags ?? {}, tags);
  out.rejected += rejected;
  return true;
}

/**
 * Reads sqlcommenter comments (`/*key='value',key2='value2'*\/`, values URL-encoded) and
 * keeps the pairs whose key is on the allow-list and whose value passes `isSafeTagValue`.
 * A comment that is not entirely sqlcommenter pairs contributes nothing.
 */
export function parseSqlCommenter(comments: readonly string[], allowedKeys: ReadonlySet<string>): SqlCommenterTags {
  const out: { tags: Record<string, string> | null; rejected: number } = { tags: null, rejected: 0 };
  for (const comment of comments) {
    if (comment.includes('=')) readPairs(comment, allowedKeys, out);
  }
  return out.tags === null && out.rejected === 0 ? NO_TAGS : { tags: out.tags ?? {}, rejected: out.rejected };
}
