import type { TimeSpan } from '../generate/time-span.js';
import type { ValueSpace } from '../generate/value-space.js';
import type { CheckRule } from '../schema/check-rule.js';
import type { ColumnSource } from './generation-plan.js';

/** What orderPair reads and writes of a column being planned. */
export interface OrderPairDraft {
  source: ColumnSource | null;
  space: ValueSpace | null;
  above: { column: string; strict: boolean } | null;
  readonly type: { readonly category: string; readonly isArray: boolean };
}

/** Largest value (by the space's order) the column's source can produce, or null if unknown. */
function highestValue(draft: OrderPairDraft, rows: number, span: TimeSpan): number | null {
  const space = draft.space;
  const order = space?.order;
  if (space === null || order === undefined || draft.source === null) return null;
  const at = (k: number): number => order(space.encode(Math.max(0, Math.min(space.capacity - 1, k))));
  switch (draft.source.kind) {
    case 'sampled':
      return at(draft.source.distribution.distinct - 1);
    case 'row-index':
      return at(rows - 1);
    case 'mixed-radix':
      return at(draft.source.radix - 1);
    case 'time-span': {
      if (space.encodeInstant === undefined) return at(space.capacity - 1);
      const high = Math.min(span.endMs, space.maxInstant ?? Infinity);
      return order(space.encodeInstant(high));
    }
    default:
      return null;
  }
}

/**
 * Plans `lower < upper` (or <=, or mirrored >, >=) so it holds by construction: `upper`
 * is marked to be moved above `lower` when drawn below it. That needs both columns to be
 * ordered values of the same family that the generator draws (not keys of the upper side),
 * and the upper column's space to reach above every value the lower one can take; when it
 * does not, a sampled lower column's distinct values are reduced until it does. Returns
 * false (leave it to the server) when the pair cannot be guaranteed.
 */
export function orderPair(
  pair: Extract<CheckRule, { kind: 'column-compare' }>,
  drafts: ReadonlyMap<string, OrderPairDraft>,
  rows: number,
  span: TimeSpan,
): boolean {
  let lowerName: string;
  let upperName: string;
  if (pair.operator === '<' || pair.operator === '<=') [lowerName, upperName] = [pair.left, pair.right];
  else if (pair.operator === '>' || pair.operator === '>=') [lowerName, upperName] = [pair.right, pair.left];
  else return false;
  const strict = pair.operator === '<' || pair.operator === '>';
  const lower = drafts.get(lowerName);
  const upper = drafts.get(upperName);
  if (lower === undefined || upper === undefined || upper.above !== null || lower === upper) return false;
  if (upper.source === null || (upper.source.kind !== 'sampled' && upper.source.kind !== 'time-span')) return false;
  const family = (c: string): string => (c === 'D' ? 'D' : c === 'N' ? 'N' : c === 'T' ? 'T' : 'other');
  if (lower.type.isArray || upper.type.isArray || family(lower.type.category) === 'other' || family(lower.type.category) !== family(upper.type.category)) return false;
  const upperSpace = upper.space;
  if (upperSpace?.order === undefined || lower.space?.order === undefined) return false;
  const ceiling = upperSpace.order(upperSpace.encode(upperSpace.capacity - 1));
  const fits = (value: number | null): boolean => value !== null && (strict ? value < ceiling : value <= ceiling);
  if (!fits(highestValue(lower, rows, span))) {
    if (lower.source?.kind !== 'sampled') return false;
    const source = lower.source;
    const lowerSpace = lower.space;
    const lowerOrder = lowerSpace.order;
    if (lowerOrder === undefined) return false;
    // Largest distinct count whose top value still fits under the ceiling.
    let lo = 0;
    let hi = source.distribution.distinct;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(lowerOrder(lowerSpace.encode(mid - 1)))) lo = mid;
      else hi = mid - 1;
    }
    if (lo < 1) return false;
    lower.source = { ...source, distribution: { ...source.distribution, distinct: lo } };
  }
  upper.above = { column: lowerName, strict };
  return true;
}
