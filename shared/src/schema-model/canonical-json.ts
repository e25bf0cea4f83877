/**
 * JSON with object keys sorted at every level, so equal values always give the same
 * text whatever order their keys were built in (the input to a stable hash).
 * Arrays keep their order: callers sort them when order carries no meaning.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
