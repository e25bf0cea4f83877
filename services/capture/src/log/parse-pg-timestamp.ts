// Offsets (minutes east of UTC) of the zone abbreviations PostgreSQL commonly prints.
const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180,
  MSK: 180, IST: 330, SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540, ACST: 570, AEST: 600, AEDT: 660, NZST: 720,
  NZDT: 780, HST: -600, AKST: -540, AKDT: -480, PST: -480, PDT: -420, MST: -420, MDT: -360, CST: -360, CDT: -300,
  EST: -300, EDT: -240, AST: -240, ADT: -180, NST: -210, NDT: -150, BRT: -180, ART: -180,
};

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\S+))?$/;
const NUMERIC_ZONE = /^([+-])(\d{2}):?(\d{2})?$/;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const known = ZONE_OFFSETS[zone];
  if (known !== undefined) return known;
  const numeric = NUMERIC_ZONE.exec(zone);
  if (numeric !== null) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  // An unknown abbreviation: read as UTC, which keeps the order of one file's records.
  return 0;
}

/**
 * Reads a PostgreSQL log timestamp (`2024-05-01 12:00:00.123 UTC`, `%t` without
 * milliseconds, numeric zones like `+03`) into ms since epoch; null when it is not one.
 */
export function parsePgTimestamp(text: string): number | null {
  // Consecutive records mostly share the second and the zone: reuse their parse, add the fraction.
  const cached = cacheFor(text);
  if (cached !== null) return cached;
  const match = TIMESTAMP.exec(text);
  if (match === null) return null;
  const fraction = match[7] ?? '';
  const millis = fraction.length === 0 ? 0 : Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3)));
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), millis);
  const result = utc - zoneOffsetMinutes(match[8]) * 60_000;
  remember(text, fraction, result - millis);
  return result;
}

// The last timestamp parsed: its text up to the seconds, its zone and the ms of that second.
let lastSecond = '';
let lastZone = '';
let lastSecondMs = 0;

function remember(text: string, fraction: string, secondMs: number): void {
  lastSecond = text.slice(0, 19);
  lastZone = text.slice(fraction.length === 0 ? 19 : 20 + fraction.length);
  lastSecondMs = secondMs;
}

/** The time of `text` from the last parse when only the fraction of the second differs (".123" form). */
function cacheFor(text: string): number | null {
  if (lastSecond.length === 0 || !text.startsWith(lastSecond)) return null;
  if (text.charCodeAt(19) !== 46) return text.length - 19 === lastZone.length && text.startsWith(lastZone, 19) ? lastSecondMs : null;
  let i = 20;
  let millis = 0;
  let digits = 0;
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (digits < 3) millis = millis * 10 + (c - 48);
    digits += 1;
  }
  if (digits === 0 || digits > 6) return null;
  for (let k = digits; k < 3; k += 1) millis *= 10;
  // The zone compared in place (a slice would be a string per line).
  if (text.length - i !== lastZone.length || !text.startsWith(lastZone, i)) return null;
  return lastSecondMs + millis;
}
