/**
 * The boolean expression of a CHECK as pg_get_constraintdef prints it (`CHECK ((a < b))`,
 * possibly followed by NOT VALID / NO INHERIT). Server-printed text from the schema's
 * source catalog, used verbatim as a filter; null if the shape is not that.
 */
export function checkExpressionOf(definition: string): string | null {
  const match = /^CHECK\s*(\(.*\))(?:\s+NO INHERIT)?(?:\s+NOT VALID)?$/s.exec(definition.trim());
  return match?.[1] ?? null;
}
