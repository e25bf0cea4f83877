import { deriveSeed } from '../distributions/derive-seed.js';
import type { ResolvedType } from '../schema/resolved-type.js';
import { buildFakerPool } from './build-faker-pool.js';
import type { ColumnConstraints } from './column-constraints.js';
import { createArraySpace } from './create-array-space.js';
import { createByteaSpace } from './create-bytea-space.js';
import { createJsonSpace } from './create-json-space.js';
import { createListSpace } from './create-list-space.js';
import { createNetworkSpace } from './create-network-space.js';
import { createNumericSpace } from './create-numeric-space.js';
import { createOtherSpace } from './create-other-space.js';
import { createTemporalSpace } from './create-temporal-space.js';
import { createTextSpace } from './create-text-space.js';
import { createUuidSpace } from './create-uuid-space.js';
import { detectFakerKind } from './detect-faker-kind.js';
import type { TimeSpan } from './time-span.js';
import type { ValueSpace } from './value-space.js';

export interface ValueSpaceContext {
  readonly seed: number | bigint;
  readonly table: string;
  readonly column: string;
  readonly span: TimeSpan;
}

const BOOLEAN_TEXT: Readonly<Record<string, string>> = { true: 't', t: 't', false: 'f', f: 'f' };

function filterList(values: readonly string[], constraints: ColumnConstraints, normalize: (v: string) => string = (v) => v): string[] {
  const allowed = constraints.allowed === null ? null : new Set(constraints.allowed.map(normalize));
  const excluded = new Set(constraints.excluded.map(normalize));
  return values.filter((v) => (allowed === null || allowed.has(v)) && !excluded.has(v));
}

function elementSpace(type: ResolvedType, constraints: ColumnConstraints, context: ValueSpaceContext): ValueSpace | null {
  const { typeName, category } = type;
  if (type.enumLabels !== null) return createListSpace(filterList(type.enumLabels, constraints));
  if (typeName === 'bool') return createListSpace(filterList(['t', 'f'], constraints, (v) => BOOLEAN_TEXT[v.toLowerCase()] ?? v));
  // An IN-list on any other type: its literals are the values (filtered by the other rules
  // when they are numbers, e.g. IN (1, 5, 10) AND x > 1).
  if (constraints.allowed !== null && !type.isArray) {
    let allowed = filterList(constraints.allowed, constraints);
    if (category === 'N') {
      const range = createNumericSpace(typeName, type.precision, type.scale, { ...constraints, allowed: null, excluded: [] });
      const low = Number(range.encode(0));
      const high = Number(range.encode(Math.max(0, range.capacity - 1)));
      allowed = allowed.filter((v) => Number(v) >= low && Number(v) <= high);
    }
    return createListSpace(allowed);
  }
  switch (category) {
    case 'N':
      return createNumericSpace(typeName, type.precision, type.scale, constraints);
    case 'D':
    case 'T':
      return createTemporalSpace(typeName, constraints, context.span);
    case 'S': {
      const kind = detectFakerKind(context.table, context.column);
      return createTextSpace(buildFakerPool(kind, context.seed), kind === 'email', type.maxLength, constraints);
    }
    case 'I':
      return createNetworkSpace(typeName);
    default:
      break;
  }
  switch (typeName) {
    case 'uuid':
      return createUuidSpace(deriveSeed(context.seed, context.table, context.column, 'uuid'));
    case 'json':
    case 'jsonb':
      return createJsonSpace();
    case 'bytea':
      return createByteaSpace();
    case 'macaddr':
    case 'macaddr8':
      return createNetworkSpace(typeName);
    default:
      return createOtherSpace(typeName, type.maxLength);
  }
}

/**
 * The value space of a column: its type (through enums and domains) narrowed by what its
 * CHECKs demand. Returns null for a type the generator cannot produce values of.
 */
export function createValueSpace(type: ResolvedType, constraints: ColumnConstraints, context: ValueSpaceContext): ValueSpace | null {
  if (type.isArray) {
    // Element constraints do not apply to the array as a whole.
    const element = elementSpace({ ...type, isArray: false }, { ...constraints, allowed: null, excluded: [], comparisons: [] }, context);
    return element === null ? null : createArraySpace(element);
  }
  return elementSpace(type, constraints, context);
}
