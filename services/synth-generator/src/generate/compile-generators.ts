import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { cellHash } from '../distributions/cell-hash.js';
import { cellUniform } from '../distributions/cell-uniform.js';
import { createFrequencySampler } from '../distributions/create-frequency-sampler.js';
import { createUniformSampler } from '../distributions/create-uniform-sampler.js';
import { createZipfSampler } from '../distributions/create-zipf-sampler.js';
import { deriveSeed } from '../distributions/derive-seed.js';
import { growthQuantile } from '../distributions/growth-quantile.js';
import type { RankSampler } from '../distributions/rank-sampler.js';
import type { ColumnPlan, Distribution, ForeignKeyPlan, GenerationPlan, TablePlan } from '../plan/generation-plan.js';
import { createValueSpace } from './create-value-space.js';
import { escapeCopyText } from './escape-copy-text.js';
import type { IdentityProgression } from './identity-progression.js';
import type { TableGenerator } from './table-generator.js';
import type { ValueSpace } from './value-space.js';

type RawCell = (row: number) => string | null;

export interface CompileOptions {
  /** `schema.table.column` → how the server numbers it (identity and serial columns). */
  readonly identity: ReadonlyMap<string, IdentityProgression>;
  /**
   * Redraw round for columns named by CHECKs the server validates: round 0 is the first
   * draw; round n gives those columns fresh values while keys stay put.
   */
  readonly redrawRound?: number;
}

function createSampler(distribution: Distribution): RankSampler {
  switch (distribution.kind) {
    case 'uniform':
      return createUniformSampler(distribution.distinct);
    case 'zipf':
      return createZipfSampler(distribution.distinct, distribution.exponent);
    case 'frequencies':
      return createFrequencySampler(distribution.mostCommonFrequencies, distribution.nullFraction, distribution.distinct);
  }
}

const tableKey = (schema: string, name: string): string => `${schema}.${name}`;

/**
 * Turns a plan into row generators, one per table. Every cell is a pure function of
 * (seed, table, column, row): no state is carried from row to row, so any range of rows
 * can be generated alone (two connections, redraws) and a child's foreign key recomputes
 * the parent's key at the parent row it picked instead of looking it up.
 */
export function compileGenerators(plan: GenerationPlan, options: CompileOptions): Map<string, TableGenerator> {
  const generators = new Map<string, TableGenerator>();
  const rawCells = new Map<string, Map<string, RawCell>>();
  const round = options.redrawRound ?? 0;

  // Parent columns are looked up when first used, so the order tables compile in (cycles) does not matter.
  const parentCell = (schema: string, table: string, column: string): RawCell => {
    let resolved: RawCell | null = null;
    return (row) => {
      if (resolved === null) {
        const cell = rawCells.get(tableKey(schema, table))?.get(column);
        if (cell === undefined) throw new ShadowtuneError('GENERATION_FAILED', `no generator for referenced column ${schema}.${table}.${column}`, { context: { table: `${schema}.${table}`, column } });
        resolved = cell;
      }
      return resolved(row);
    };
  };

  function foreignKeyRow(table: TablePlan, fk: ForeignKeyPlan): (row: number) => number {
    const salt = deriveSeed(plan.seed, table.schema, table.name, 'fk', fk.constraint);
    const nullFraction = fk.nullFraction;
    let lastRow = -1;
    let lastParent = -1;
    let compute: (row: number) => number;
    const choice = fk.choice;
    if (fk.parentRows <= 0) return () => -1;
    if (choice.kind === 'mixed-radix') {
      compute = (row) => Math.floor(row / choice.divisor) % choice.radix;
    } else if (choice.kind === 'self-tree') {
      // Row r points at an earlier row, skewed towards the first rows: a few roots with
      // many descendants. Row 0 has no earlier row: NULL, or itself when the key is NOT NULL
      // (valid: a COPY checks its foreign keys at the end of the statement).
      const power = 1 + choice.exponent;
      const root = fk.nullable ? -1 : 0;
      compute = (row) => {
        if (row === 0) return root;
        const h = cellHash(salt, row);
        if (nullFraction > 0 && cellUniform(h, 0) < nullFraction) return -1;
        return Math.min(row - 1, Math.floor(row * Math.pow(cellUniform(h, 1), power)));
      };
    } else {
      const sampler = createSampler(choice.distribution);
      const parentRows = fk.parentRows;
      compute = (row) => {
        const h = cellHash(salt, row);
        if (nullFraction > 0 && cellUniform(h, 0) < nullFraction) return -1;
        return sampler.sample(h, 1) % parentRows;
      };
    }
    // The columns of a composite key ask for the same row one after the other.
    return (row) => {
      if (row !== lastRow) {
        lastParent = compute(row);
        lastRow = row;
      }
      return lastParent;
    };
  }

  function rawCell(table: TablePlan, column: ColumnPlan, space: ValueSpace | null, fkRows: Map<string, (row: number) => number>, redraw: boolean): RawCell {
    const source = column.source;
    const salt = deriveSeed(plan.seed, table.schema, table.name, column.name, redraw && round > 0 ? `redraw${round}` : '');
    switch (source.kind) {
      case 'server': {
        const progression = options.identity.get(`${table.schema}.${table.name}.${column.name}`);
        if (progression === undefined) {
          return () => {
            throw new ShadowtuneError('GENERATION_FAILED', `${table.name}.${column.name} is filled by the server (${source.reason}) and its values cannot be predicted for a foreign key`, { context: { table: table.name, column: column.name } });
          };
        }
        return (row) => String(progression.start + row * progression.increment);
      }
      case 'null':
        return () => null;
      case 'foreign-key': {
        const fk = table.foreignKeys.find((f) => f.constraint === source.constraint);
        if (fk === undefined) return () => null;
        const pick = fkRows.get(fk.constraint) as (row: number) => number;
        const parent = parentCell(fk.parentSchema, fk.parentTable, source.parentColumn);
        return (row) => {
          const p = pick(row);
          return p < 0 ? null : parent(p);
        };
      }
      default:
        break;
    }
    if (space === null) return () => null;
    const encode = space.encode;
    const nullFraction = column.nullFraction;
    switch (source.kind) {
      case 'row-index':
        return (row) => encode(row);
      case 'mixed-radix': {
        const { divisor, radix } = source;
        return (row) => encode(Math.floor(row / divisor) % radix);
      }
      case 'time-span': {
        const encodeInstant = space.encodeInstant;
        const span = plan.timeSpan;
        let low = Math.max(span.endMs - span.spanMs, space.minInstant ?? -Infinity);
        let high = Math.min(span.endMs, space.maxInstant ?? Infinity);
        if (!(low < high)) {
          low = space.minInstant ?? span.endMs - span.spanMs;
          high = Math.min(space.maxInstant ?? span.endMs, low + span.spanMs);
        }
        const width = high - low;
        const rows = Math.max(1, table.rows);
        const growth = span.growth;
        if (encodeInstant === undefined) {
          const sampler = createUniformSampler(Math.min(space.capacity, rows));
          return (row) => encode(sampler.sample(cellHash(salt, row), 1));
        }
        const monotone = source.monotone;
        return (row) => {
          const h = cellHash(salt, row);
          if (nullFraction > 0 && cellUniform(h, 0) < nullFraction) return null;
          const u = monotone ? (row + cellUniform(h, 1)) / rows : cellUniform(h, 1);
          return encodeInstant(low + growthQuantile(Math.min(u, 0.999999999), growth) * width);
        };
      }
      case 'sampled': {
        const sampler = createSampler(source.distribution);
        const encode = source.commonValues !== undefined && source.commonValues.length > 0 ? withCommonValues(space, source.commonValues, sampler.distinct) : space.encode;
        const groupSalt = source.correlationGroup === null ? null : deriveSeed(plan.seed, 'correlation', source.correlationGroup);
        const correlation = plan.correlation;
        if (groupSalt === null) {
          return (row) => {
            const h = cellHash(salt, row);
            if (nullFraction > 0 && cellUniform(h, 0) < nullFraction) return null;
            return encode(sampler.sample(h, 1));
          };
        }
        return (row) => {
          const h = cellHash(salt, row);
          if (nullFraction > 0 && cellUniform(h, 0) < nullFraction) return null;
          // With probability `correlation` (decided once per row for the whole group) the
          // row's columns of the group draw from one shared stream, so their ranks coincide.
          const shared = cellHash(groupSalt, row);
          const rankHash = cellUniform(shared, 9) < correlation ? shared : h;
          return encode(sampler.sample(rankHash, 1));
        };
      }
    }
  }

  for (const table of plan.tables) {
    const key = tableKey(table.schema, table.name);
    const fkRows = new Map<string, (row: number) => number>();
    for (const fk of table.foreignKeys) fkRows.set(fk.constraint, foreignKeyRow(table, fk));
    const redrawColumns = new Set(table.serverValidatedChecks.flatMap((c) => c.columns));
    const cells = new Map<string, RawCell>();
    const escapes = new Map<string, boolean>();
    const spaces = new Map<string, ValueSpace>();
    for (const column of table.columns) {
      const space = column.source.kind === 'server' || column.source.kind === 'null' || column.source.kind === 'foreign-key'
        ? null
        : createValueSpace(column.type, column.constraints, { seed: plan.seed, table: table.name, column: column.name, span: plan.timeSpan });
      if (space !== null) spaces.set(column.name, space);
      const keyColumn = column.source.kind === 'row-index' || column.source.kind === 'mixed-radix' || column.source.kind === 'foreign-key';
      cells.set(column.name, rawCell(table, column, space, fkRows, redrawColumns.has(column.name) && !keyColumn));
      // A foreign key copies the parent's text: escape it whatever its type.
      const commonValues = column.source.kind === 'sampled' ? (column.source.commonValues ?? []) : [];
      escapes.set(column.name, column.source.kind === 'foreign-key' || commonValues.some((v) => /[\\\t\n\r]/.test(v)) ? true : space?.needsEscape ?? false);
    }
    for (const column of table.columns) {
      if (column.above === null) continue;
      const upperSpace = spaces.get(column.name);
      const lowerSpace = spaces.get(column.above.column);
      const upperCell = cells.get(column.name);
      const lowerCell = cells.get(column.above.column);
      if (upperSpace?.order === undefined || lowerSpace?.order === undefined || upperCell === undefined || lowerCell === undefined) continue;
      cells.set(column.name, placeAbove(upperCell, lowerCell, upperSpace, lowerSpace.order, column.above.strict, deriveSeed(plan.seed, table.schema, table.name, column.name, 'above'), column.source.kind === 'sampled' ? column.source.distribution.distinct : 1_000));
    }
    rawCells.set(key, cells);
    const copyCells = table.copyColumns.map((c) => cells.get(c) as RawCell);
    const copyEscapes = table.copyColumns.map((c) => escapes.get(c) ?? false);
    const count = copyCells.length;
    generators.set(key, {
      plan: table,
      copyColumns: table.copyColumns,
      line(row) {
        let text = '';
        for (let i = 0; i < count; i += 1) {
          const value = (copyCells[i] as RawCell)(row);
          if (i > 0) text += '\t';
          text += value === null ? '\\N' : copyEscapes[i] ? escapeCopyText(value) : value;
        }
        return `${text}\n`;
      },
      value(column, row) {
        const cell = cells.get(column);
        return cell === undefined ? null : cell(row);
      },
    });
  }
  return generators;
}

/**
 * Ranks below values.length are production's most common values, in order; rank r above
 * them is the space's value r - values.length, except that a space value equal (as text) to
 * one of production's is swapped for a value past the tail, so production's values keep
 * their shares. The swap is a pure function of the rank (value i's stand-ins are
 * tail + i, tail + i + k, ...: disjoint for different values); a space too small to hold
 * one keeps the duplicate.
 */
function withCommonValues(space: ValueSpace, values: readonly string[], distinct: number): (rank: number) => string {
  const k = values.length;
  const index = new Map(values.map((v, i) => [v, i]));
  const tail = Math.max(0, distinct - k);
  const swapped = new Map<number, string>();
  return (rank) => {
    if (rank < k) return values[rank]!;
    const t = rank - k;
    const v = space.encode(t);
    const i = index.get(v);
    if (i === undefined) return v;
    let stand = swapped.get(t);
    if (stand === undefined) {
      stand = v;
      for (let j = tail + i; j < space.capacity; j += k) {
        const candidate = space.encode(j);
        if (!index.has(candidate)) {
          stand = candidate;
          break;
        }
        if (j - tail > 64 * k) break;
      }
      swapped.set(t, stand);
    }
    return stand;
  };
}

/**
 * Wraps the upper column of a CHECK (lower < upper): its own draw is kept when it is
 * already above the lower value; otherwise the value is drawn from the first values of its
 * space above the lower one (binary search on the ordered space).
 */
function placeAbove(upper: RawCell, lower: RawCell, space: ValueSpace, lowerOrder: (text: string) => number, strict: boolean, salt: number, spread: number): RawCell {
  const order = space.order as (text: string) => number;
  const capacity = space.capacity;
  return (row) => {
    const value = upper(row);
    const floorText = lower(row);
    if (value === null || floorText === null) return value;
    const floor = lowerOrder(floorText);
    const current = order(value);
    if (strict ? current > floor : current >= floor) return value;
    let lo = 0;
    let hi = capacity;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const v = order(space.encode(mid));
      if (strict ? v > floor : v >= floor) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= capacity) return value;
    const room = Math.max(1, Math.min(capacity - lo, spread));
    return space.encode(lo + (cellHash(salt, row) % room));
  };
}
