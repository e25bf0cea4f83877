const LONG_DIGIT_RUN = /\d{4}/;
// Runs of 8 or more hex digits: ids, hashes, UUID fragments (a word like "deadbeef" alone is let through).
const HEX_RUN = /[0-9a-fA-F]{8,}/g;

/** Whether a value holds a run that looks like an id: 4 digits in a row, or 8+ hex digits with a digit among them. */
export function hasDataLikeRun(value: string): boolean {
  if (LONG_DIGIT_RUN.test(value)) return true;
  for (const run of value.match(HEX_RUN) ?? []) if (/\d/.test(run)) return true;
  return false;
}
