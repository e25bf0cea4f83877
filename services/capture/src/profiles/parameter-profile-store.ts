import type { ParameterProfile, ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';
import { hashText32 } from '../util/hash-text-32.js';
import { SeenFilter } from '../util/seen-filter.js';
import { saltedHash53, type HashSeed } from './salted-hash-53.js';
import type { ParameterValue } from './parameter-value.js';
import { TYPE_CLASSES, ValueSketch } from './value-sketch.js';

export interface ParameterProfileStoreOptions {
  readonly seed: HashSeed;
  /** Sketches kept in total; the least recently observed fingerprints are forgotten first. */
  readonly sketchBudget: number;
  /** Fingerprints kept in total (including those seen once, which hold no sketch yet). */
  readonly maxFingerprints: number;
  /** Placeholders profiled per fingerprint ($1..$max). */
  readonly maxPositions: number;
}

interface Row {
  /** Sketches by position - 1. */
  readonly sketches: Array<ValueSketch | undefined>;
  count: number;
}

const NULL_HASH_TEXT = '\u0000null';
const TYPE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(TYPE_CLASSES.map((name, index) => [name, index]));

/**
 * Per fingerprint and placeholder, a ValueSketch of the salted hashes of the values seen.
 * Sketches are made from a fingerprint's second observation on (a doorkeeper remembers the
 * first): most statements of an ad-hoc workload are never seen again, and keeping nothing
 * for them keeps the garbage collector out of the way. The record of a first observation
 * still gets its profile, from that observation alone. Bounded: at most `sketchBudget`
 * sketches and `maxFingerprints` fingerprints, kept in two generations: the young one
 * takes what is observed, and when it is full (or the budget is reached) the old one is
 * dropped whole and the young one becomes old; observing an old fingerprint moves it back.
 */
export class ParameterProfileStore {
  private young = new Map<string, Row>();
  private old = new Map<string, Row>();
  private youngSketches = 0;
  private oldSketches = 0;
  private readonly seen: SeenFilter;
  /** The latest first observation (fingerprint and its value triples), for its own record's profile. */
  private lastFirstFingerprint: string | null = null;
  private lastFirst: number[] = [];

  constructor(private readonly options: ParameterProfileStoreOptions) {
    this.seen = new SeenFilter(options.maxFingerprints);
  }

  /** Observes one statement's values: `values[i]` was bound to placeholder `positions[i]`. */
  observe(fingerprint: string, positions: readonly number[], values: readonly ParameterValue[]): void {
    if (values.length === 0) return;
    const maxPositions = this.options.maxPositions;
    const seed = this.options.seed;
    let row = this.young.get(fingerprint);
    if (row === undefined) {
      row = this.old.get(fingerprint);
      if (row !== undefined) {
        // Back into the young generation, with its sketches.
        this.old.delete(fingerprint);
        this.oldSketches -= row.count;
        this.admit(fingerprint, row);
      }
    }
    if (row === undefined) {
      if (!this.seen.checkAndAdd(hashText32(fingerprint))) {
        const first: number[] = [];
        for (let i = 0; i < values.length; i += 1) {
          const position = positions[i] ?? 0;
          const value = values[i];
          if (value === undefined || position < 1 || position > maxPositions) continue;
          first.push(position, TYPE_INDEX[value.typeClass] ?? TYPE_CLASSES.length - 1, saltedHash53(value.text ?? NULL_HASH_TEXT, seed));
        }
        this.lastFirstFingerprint = fingerprint;
        this.lastFirst = first;
        return;
      }
      row = { sketches: [], count: 0 };
      this.admit(fingerprint, row);
      // The first observation is replayed when it was the one just before (a statement repeating at once).
      if (this.lastFirstFingerprint === fingerprint) {
        const first = this.lastFirst;
        for (let k = 0; k < first.length; k += 3) this.sketchAt(row, first[k]!).observe(TYPE_CLASSES[first[k + 1]!] ?? 'OTHER', first[k + 2]!);
      }
    }
    if (this.lastFirstFingerprint === fingerprint) this.lastFirstFingerprint = null;
    for (let i = 0; i < values.length; i += 1) {
      const position = positions[i] ?? 0;
      const value = values[i];
      if (value === undefined || position < 1 || position > maxPositions) continue;
      this.sketchAt(row, position).observe(value.typeClass, saltedHash53(value.text ?? NULL_HASH_TEXT, seed));
    }
  }

  /** Puts a row into the young generation, first making room (dropping the old one) when needed. */
  private admit(fingerprint: string, row: Row): void {
    const generationSize = Math.max(1, Math.floor(this.options.maxFingerprints / 2));
    const sketchShare = Math.max(1, Math.floor(this.options.sketchBudget / 2));
    if (this.young.size >= generationSize || this.youngSketches >= sketchShare) {
      this.old = this.young;
      this.oldSketches = this.youngSketches;
      this.young = new Map();
      this.youngSketches = 0;
    }
    this.young.set(fingerprint, row);
    this.youngSketches += row.count;
  }

  /** Profiles of the placeholders seen so far for a fingerprint, by position. */
  profilesOf(fingerprint: string): ParameterProfile[] {
    const row = this.young.get(fingerprint) ?? this.old.get(fingerprint);
    if (row === undefined) return this.lastFirstFingerprint === fingerprint ? profilesOfFirst(this.lastFirst) : [];
    // Sized up front (row.count sketches): growing the array by pushes copies it several times.
    const profiles = new Array<ParameterProfile>(row.count);
    let n = 0;
    for (let i = 0; i < row.sketches.length; i += 1) {
      const sketch = row.sketches[i];
      if (sketch === undefined) continue;
      profiles[n] = {
        position: i + 1,
        typeClass: sketch.typeClass(),
        sampleCount: sketch.sampleCount,
        topShare: sketch.topShare(),
        distinctEstimate: sketch.distinctEstimate(),
      };
      n += 1;
    }
    if (n !== profiles.length) profiles.length = n;
    return profiles;
  }

  get size(): { fingerprints: number; sketches: number } {
    return { fingerprints: this.young.size + this.old.size, sketches: this.youngSketches + this.oldSketches };
  }

  private sketchAt(row: Row, position: number): ValueSketch {
    const sketches = row.sketches;
    let sketch = sketches[position - 1];
    if (sketch === undefined) {
      sketch = new ValueSketch();
      while (sketches.length < position - 1) sketches.push(undefined);
      sketches[position - 1] = sketch;
      row.count += 1;
      // Rows being observed are in the young generation.
      this.youngSketches += 1;
    }
    return sketch;
  }
}

/** Profiles of a single observation (several values of one placeholder when an IN list was collapsed). */
function profilesOfFirst(first: readonly number[]): ParameterProfile[] {
  const byPosition = new Map<number, { types: number[]; hashes: number[] }>();
  for (let k = 0; k < first.length; k += 3) {
    const position = first[k]!;
    let entry = byPosition.get(position);
    if (entry === undefined) {
      entry = { types: [], hashes: [] };
      byPosition.set(position, entry);
    }
    entry.types.push(first[k + 1]!);
    entry.hashes.push(first[k + 2]!);
  }
  const nullIndex = TYPE_INDEX.NULL ?? -1;
  const profiles: ParameterProfile[] = [];
  for (const position of [...byPosition.keys()].sort((a, b) => a - b)) {
    const { types, hashes } = byPosition.get(position)!;
    const counts = new Map<number, number>();
    for (const hash of hashes) counts.set(hash, (counts.get(hash) ?? 0) + 1);
    const nonNull = types.find((type) => type !== nullIndex) ?? nullIndex;
    profiles.push({
      position,
      typeClass: (TYPE_CLASSES[nonNull] ?? 'OTHER') as ParameterTypeClass,
      sampleCount: hashes.length,
      topShare: Math.max(...counts.values()) / hashes.length,
      distinctEstimate: counts.size,
    });
  }
  return profiles;
}
