import { isSafeTagValue } from './is-safe-tag-value.js';

export interface SqlCommenterTags {
  readonly tags: Readonly<Record<string, string>>;
  /** key=value pairs dropped because the key is not allowed or the value failed the shape check. */
  readonly rejected: number;
}

const PAIR = /^\s*([A-Za-z0-9_.%-]{1,64})\s*=\s*'((?:[^'\\]|\\.){0,512})'\s*(?:,|$)/;

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\\(.)/g, '$1'));
  } catch {
    return null;
  }
}

/**
 * Reads sqlcommenter comments (`/*key='value',key2='value2'*\/`, values URL-encoded) and
 * keeps the pairs whose key is on the allow-list and whose value passes `isSafeTagValue`.
 * A comment that is not entirely sqlcommenter pairs contributes nothing.
 */
export function parseSqlCommenter(comments: readonly string[], allowedKeys: ReadonlySet<string>): SqlCommenterTags {
  const tags: Record<string, string> = {};
  let rejected = 0;
  for (const comment of comments) {
    if (!comment.includes('=')) continue;
    const pairs: Array<[string, string]> = [];
    let rest = comment;
    let wellFormed = true;
    while (rest.trim().length > 0) {
      const match = PAIR.exec(rest);
      if (match === null) {
        wellFormed = false;
        break;
      }
      pairs.push([match[1] ?? '', match[2] ?? '']);
      rest = rest.slice(match[0].length);
    }
    if (!wellFormed) continue;
    for (const [rawKey, rawValue] of pairs) {
      const key = decode(rawKey)?.toLowerCase() ?? '';
      const value = decode(rawValue);
      if (!allowedKeys.has(key) || value === null || !isSafeTagValue(value)) {
        rejected += 1;
        continue;
      }
      tags[key] = value;
    }
  }
  return { tags, rejected };
}
