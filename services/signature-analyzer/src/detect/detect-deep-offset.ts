import { CAPTURE_FLAGS } from './capture-flags.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult } from './detected-pattern.js';
import { tableSize } from './table-size.js';


/**
 * DEEP_OFFSET: OFFSET pagination that reads and throws away many rows per page. Visible
 * when the OFFSET is a constant ≥ deepOffsetRows; for `OFFSET $n` the value is gone, so
 * it is inferred from the placeholder's profile (at least deepOffsetDistinctValues
 * distinct offsets means users page that deep) or from capture's DEEP_OFFSET flag.
 * Keyset pagination (WHERE key > last seen) is the fix.
 */
export function detectDeepOffset(context: DetectionContext): DetectorResult {
  const { facts, settings, thresholds, parameters, flags } = context;
  const offset = facts.offset;
  if (offset === null || offset.kind === 'other') return { hits: [], notes: [] };
  const large = facts.references.some((r) => tableSize(r, thresholds.largeTableRows) !== 'small');
  if (!large) return { hits: [], notes: [{ reason: 'SMALL_TABLE', detail: 'OFFSET over small tables only' }] };
  const pageSize = facts.limit?.kind === 'const' ? facts.limit.value : null;
  let figures: Record<string, number> | null = null;
  let how = '';
  if (offset.kind === 'const') {
    if (offset.value >= settings.deepOffsetRows) {
      figures = { offset: offset.value, deepOffsetRows: settings.deepOffsetRows };
      how = `OFFSET ${offset.value}`;
    }
  } else {
    const profile = parameters.find((p) => p.position === offset.position);
    if (profile !== undefined && profile.distinctEstimate >= settings.deepOffsetDistinctValues) {
      figures = { distinctOffsets: profile.distinctEstimate, offsetSamples: Number(profile.sampleCount) };
      how = `OFFSET $${offset.position} takes about ${Math.round(profile.distinctEstimate)} distinct values`;
    } else if (flags.includes(CAPTURE_FLAGS.deepOffset)) {
      figures = { deepOffsetRows: settings.deepOffsetRows };
      how = `OFFSET $${offset.position} was at least ${settings.deepOffsetRows} when captured`;
    }
  }
  if (figures === null) return { hits: [], notes: [] };
  if (pageSize !== null) figures.pageSize = pageSize;
  const table = facts.references.find((r) => r.table !== null) ?? null;
  const hit: DetectedPattern = {
    pattern: 'DEEP_OFFSET',
    severity: offset.kind === 'const' && offset.value >= settings.deepOffsetRows * 10 ? 'HIGH' : 'MEDIUM',
    detail: `${how}: each page reads and discards every earlier row of ${table === null ? 'the result' : `${table.schema}.${table.name}`}; keyset pagination on the ORDER BY columns avoids it.`,
    figures,
    columns: facts.sortKeys.filter((k) => k.column !== null).map((k) => ({ column: k.column!, role: 'SORT' as const, operator: k.descending ? 'DESC' : 'ASC' })),
    thresholds: [],
    planNodes: [],
    tables: table === null ? [] : [table],
    skew: [],
  };
  return { hits: [hit], notes: [] };
}
