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
  const match = TIMESTAMP.exec(text);
  if (match === null) return null;
  const fraction = match[7] ?? '';
  const millis = fraction.length === 0 ? 0 : Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3)));
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), millis);
  return utc - zoneOffsetMinutes(match[8]) * 60_000;
}
