/**
 * Flags capture may set on a signature when it saw, before stripping literals, what the
 * `$n` now hides: a LIKE/ILIKE pattern starting with % or _, or an OFFSET of at least
 * the analyzer's deepOffsetRows (1,000 by default).
 */
export const CAPTURE_FLAGS = {
  leadingWildcardLike: 'LEADING_WILDCARD_LIKE',
  deepOffset: 'DEEP_OFFSET',
} as const;
