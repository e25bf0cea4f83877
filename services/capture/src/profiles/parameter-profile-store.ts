import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import { saltedHash53, type HashSeed } from './salted-hash-53.js';
import type { ParameterValue } from './parameter-value.js';
import { ValueSketch } from './value-sketch.js';

export interface ParameterProfileStoreOptions {
  readonly seed: HashSeed;
  /** Sketches kept in total; the least recently observed fingerprints are forgotten first. */
  readonly sketchBudget: number;
  /** Placeholders profiled per fingerprint ($1..$max). */
  readonly maxPositions: number;
}

interface Row {
  readonly sketches: Array<ValueSketch | undefined>;
  count: number;
  /** Observed since the eviction hand last passed (CLOCK second chance). */
  used: boolean;
}

const NULL_HASH_TEXT = '\u0000null';

/**
 * Per fingerprint and placeholder, a ValueSketch of the salted hashes of the values seen.
 * Bounded: at most `sketchBudget` sketches; whole fingerprints are forgotten, rarely
 * observed ones first (CLOCK approximation of LRU).
 */
export class ParameterProfileStore {
  private readonly rows = new Map<string, Row>();
  private sketchCount = 0;

  constructor(private readonly options: ParameterProfileStoreOptions) {}

  /** Observes one statement's values: `values[i]` was bound to placeholder `positions[i]`. */
  observe(fingerprint: string, positions: readonly number[], values: readonly ParameterValue[]): void {
    if (values.length === 0) return;
    let row = this.rows.get(fingerprint);
    if (row === undefined) {
      row = { sketches: [], count: 0, used: false };
      this.rows.set(fingerprint, row);
    } else {
      row.used = true;
    }
    const before = row.count;
    for (let i = 0; i < values.length; i += 1) {
      const position = positions[i] ?? 0;
      const value = values[i];
      if (value === undefined || position < 1 || position > this.options.maxPositions) continue;
      let sketch = row.sketches[position - 1];
      if (sketch === undefined) {
        sketch = new ValueSketch();
        while (row.sketches.length < position - 1) row.sketches.push(undefined);
        row.sketches[position - 1] = sketch;
        row.count += 1;
      }
      sketch.observe(value.typeClass, saltedHash53(value.text ?? NULL_HASH_TEXT, this.options.seed));
    }
    this.sketchCount += row.count - before;
    if (this.sketchCount > this.options.sketchBudget) this.evict(fingerprint);
  }

  /** Profiles of the placeholders seen so far for a fingerprint, by position. */
  profilesOf(fingerprint: string): ParameterProfile[] {
    const row = this.rows.get(fingerprint);
    if (row === undefined) return [];
    const profiles: ParameterProfile[] = [];
    for (let i = 0; i < row.sketches.length; i += 1) {
      const sketch = row.sketches[i];
      if (sketch === undefined) continue;
      profiles.push({
        position: i + 1,
        typeClass: sketch.typeClass(),
        sampleCount: sketch.sampleCount,
        topShare: sketch.topShare(),
        distinctEstimate: sketch.distinctEstimate(),
      });
    }
    return profiles;
  }

  get size(): { fingerprints: number; sketches: number } {
    return { fingerprints: this.rows.size, sketches: this.sketchCount };
  }

  private evict(keep: string): void {
    let visited = 0;
    const limit = 2 * this.rows.size + 1;
    while (this.sketchCount > this.options.sketchBudget && visited < limit) {
      visited += 1;
      const first = this.rows.entries().next();
      if (first.done) return;
      const [fingerprint, row] = first.value;
      this.rows.delete(fingerprint);
      if (fingerprint === keep || row.used) {
        row.used = false;
        this.rows.set(fingerprint, row);
        continue;
      }
      this.sketchCount -= row.count;
    }
  }
}
