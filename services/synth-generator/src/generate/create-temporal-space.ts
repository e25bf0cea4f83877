import type { ColumnConstraints } from './column-constraints.js';
import { formatDay, formatInstant } from './format-instant.js';
import { resolveUnitRange, unitAt, unitRangeCapacity } from './resolve-unit-range.js';
import type { TimeSpan } from './time-span.js';
import type { ValueSpace } from './value-space.js';

const DAY_MS = 86_400_000;
// 0001-01-01 .. 9999-12-31: what toISOString prints without an expanded year.
const MIN_MS = Date.UTC(1, 0, 1) - 0;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

function parseInstant(literal: string): number | null {
  const text = literal.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  // The server prints timestamptz literals with an offset (+00) that Date reads as +00:00.
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) || iso.length <= 10 ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function parseTimeOfDay(literal: string): number | null {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(literal.trim());
  if (match === null) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

function parseIntervalSeconds(literal: string): number | null {
  const text = literal.trim();
  const clock = /^(-)?(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (clock !== null) return (clock[1] ? -1 : 1) * (Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]));
  const units = /^(-?\d+(?:\.\d+)?)\s*(second|sec|minute|min|hour|day|mon|month|year)s?$/.exec(text);
  if (units === null) return null;
  const seconds: Record<string, number> = { second: 1, sec: 1, minute: 60, min: 60, hour: 3600, day: 86400, mon: 2_592_000, month: 2_592_000, year: 31_557_600 };
  return Number(units[1]) * (seconds[units[2] ?? 'second'] ?? 1);
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * date, timestamp, timestamptz, time, timetz and interval. Numbered values step by one
 * day (date) or one second (timestamps, times, intervals) from the low bound; free columns
 * also get `encodeInstant`, used by the time-span sampler (window with growth).
 */
export function createTemporalSpace(typeName: string, constraints: ColumnConstraints, span: TimeSpan): ValueSpace {
  const startMs = span.endMs - span.spanMs;
  switch (typeName) {
    case 'date': {
      const range = resolveUnitRange(constraints, (t) => { const ms = parseInstant(t); return ms === null ? null : ms / DAY_MS; }, Math.ceil(MIN_MS / DAY_MS), Math.floor(MAX_MS / DAY_MS), Math.floor(startMs / DAY_MS));
      const format = formatDay;
      return {
        capacity: unitRangeCapacity(range),
        needsEscape: false,
        encode: (k) => format(unitAt(range, k)),
        order: (text) => Date.parse(text),
        encodeInstant: (ms) => format(Math.floor(ms / DAY_MS)),
        minInstant: range.low * DAY_MS,
        maxInstant: range.high * DAY_MS,
      };
    }
    case 'timestamp':
    case 'timestamptz': {
      const range = resolveUnitRange(constraints, (t) => { const ms = parseInstant(t); return ms === null ? null : ms / 1000; }, Math.ceil(MIN_MS / 1000), Math.floor(MAX_MS / 1000), Math.floor(startMs / 1000));
      // ISO 8601 with T is valid input for both; timestamp without zone must not carry the Z.
      const withZone = typeName === 'timestamptz';
      const format = (ms: number): string => formatInstant(ms, withZone);
      return {
        capacity: unitRangeCapacity(range),
        needsEscape: false,
        encode: (k) => format(unitAt(range, k) * 1000),
        order: (text) => Date.parse(text.endsWith('Z') ? text : `${text}Z`),
        encodeInstant: (ms) => format(Math.floor(ms)),
        minInstant: range.low * 1000,
        maxInstant: range.high * 1000 + 999,
      };
    }
    case 'time':
    case 'timetz': {
      const range = resolveUnitRange(constraints, parseTimeOfDay, 0, 86_399, 0);
      const suffix = typeName === 'timetz' ? '+00' : '';
      return {
        capacity: unitRangeCapacity(range),
        needsEscape: false,
        order: (text) => parseTimeOfDay(text) ?? 0,
        encode: (k) => {
          const s = unitAt(range, k);
          return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}${suffix}`;
        },
      };
    }
    default: {
      // interval
      const range = resolveUnitRange(constraints, parseIntervalSeconds, -(2 ** 40), 2 ** 40, 0);
      return { capacity: unitRangeCapacity(range), needsEscape: false, order: (text) => parseInt(text, 10), encode: (k) => `${unitAt(range, k)} seconds` };
    }
  }
}
