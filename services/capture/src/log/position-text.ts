// The text is assembled here as Latin-1 bytes and read out in one native call.
const scratch = Buffer.alloc(256);
const COLON = 58;

/** Writes the decimal digits of a non-negative integer at `at`; returns the index after them. */
function writeDigits(value: number, at: number): number {
  let end = at;
  let rest = value;
  do {
    const next = Math.floor(rest / 10);
    scratch[end] = 48 + (rest - next * 10);
    end += 1;
    rest = next;
  } while (rest > 0);
  // Written least significant first: reverse in place.
  for (let i = at, j = end - 1; i < j; i += 1, j -= 1) {
    const swap = scratch[i]!;
    scratch[i] = scratch[j]!;
    scratch[j] = swap;
  }
  return end;
}

/**
 * `<identity>:<byte offset>:<line>`, the position of a log record. Equal to the template
 * string, but its numbers are not turned into strings one by one: V8 keeps the strings of
 * converted numbers in a cache that outlives young-generation collections, and a number
 * that never repeats (every record's offset and line) would have its string promoted to
 * the old generation, to be collected only by a full collection.
 */
export function positionText(identity: string, offset: number, line: number): string {
  const n = identity.length;
  if (n > 200 || !Number.isSafeInteger(offset) || !Number.isSafeInteger(line) || offset < 0 || line < 0) return `${identity}:${offset}:${line}`;
  for (let i = 0; i < n; i += 1) {
    const c = identity.charCodeAt(i);
    if (c > 0xff) return `${identity}:${offset}:${line}`;
    scratch[i] = c;
  }
  scratch[n] = COLON;
  let end = writeDigits(offset, n + 1);
  scratch[end] = COLON;
  end = writeDigits(line, end + 1);
  return scratch.toString('latin1', 0, end);
}
