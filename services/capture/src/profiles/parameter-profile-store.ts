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

const NULL_HASH_TEXT = '\u0000null';

/**
 * Per fingerprint and placeholder, a ValueSketch of the salted hashes of the values seen.
 * Bounded: at most `sketchBudget` sketches, evicting whole fingerprints, least recent first.
 */
export class ParameterProfileStore {
  private readonly sketches = new Map<string, Array<ValueSketch | undefined>>();
  private sketchCount = 0;

  constructor(private readonly options: ParameterProfileStoreOptions) {}

  /** Observes one statement's values: `values[i]` was bound to placeholder `positions[i]`. */
  observe(fingerprint: string, positions: readonly number[], values: readonly ParameterValue[]): void {
    if (values.length === 0) return;
    let row = this.sketches.get(fingerprint);
    if (row === undefined) {
      row = [];
      this.sketches.set(fingerprint, row);
    } else {
      // Map order is recency order: move the fingerprint to the end.
      this.sketches.delete(fingerprint);
      this.sketches.set(fingerprint, row);
    }
    for (let i = 0; i < values.length; i += 1) {
      const position = positions[i] ?? 0;
      const value = values[i];
      if (value === undefined || position < 1 || position > this.options.maxPositions) continue;
      let sketch = row[position - 1];
      if (sketch === undefined) {
        sketch = new ValueSketch();
        while (row.length < position - 1) row.push(undefined);
        row[position - 1] = sketch;
        this.sketchCount += 1;
      }
      sketch.observe(value.typeClass, saltedHash53(value.text ?? NULL_HASH_TEXT, this.options.seed));
    }
    this.evictBeyondBudget(fingerprint);
  }

  /** Profiles of the placeholders seen so far for a fingerprint, by position. */
  profilesOf(fingerprint: string): ParameterProfile[] {
    const row = this.sketches.get(fingerprint);
    if (row === undefined) return [];
    const profiles: ParameterProfile[] = [];
    for (let i = 0; i < row.length; i += 1) {
      const sketch = row[i];
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
    return { fingerprints: this.sketches.size, sketches: this.sketchCount };
  }

  private evictBeyondBudget(keep: string): void {
    while (this.sketchCount > this.options.sketchBudget) {
      const oldest = this.sketches.keys().next();
      if (oldest.done || oldest.value === keep) return;
      const row = this.sketches.get(oldest.value) ?? [];
      this.sketchCount -= row.filter((sketch) => sketch !== undefined).length;
      this.sketches.delete(oldest.value);
    }
  }
}
