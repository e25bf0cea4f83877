import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

export const TYPE_CLASSES: readonly ParameterTypeClass[] = ['INTEGER', 'DECIMAL', 'TEXT', 'BOOLEAN', 'DATE_TIME', 'UUID', 'JSON', 'NULL', 'LIST', 'OTHER'];
const TYPE_INDEX: Readonly<Record<ParameterTypeClass, number>> = Object.fromEntries(TYPE_CLASSES.map((name, index) => [name, index])) as Record<ParameterTypeClass, number>;
const NULL_INDEX = TYPE_CLASSES.indexOf('NULL');

/** Counters of the Space-Saving heavy-hitter summary. */
const HEAVY_HITTERS = 8;
/** Smallest hashes kept by the K-minimum-values distinct estimator (relative error about 1/sqrt(K-2)). */
const KMV_SIZE = 32;
const HASH_RANGE = 2 ** 53;

/**
 * A bounded summary (at most about 0.5 KB) of the (salted hashes of the) values bound to
 * one placeholder: type-class counts, Space-Saving counters for the most frequent value and
 * K minimum values for the number of distinct values. Never holds a value. Its arrays grow
 * to their bounds as values arrive: most placeholders of a rarely seen statement stay tiny.
 */
export class ValueSketch {
  sampleCount = 0;
  private readonly typeCounts: number[] = new Array<number>(TYPE_CLASSES.length).fill(0);
  private readonly hitterHashes: number[] = [];
  private readonly hitterCounts: number[] = [];
  private readonly hitterErrors: number[] = [];
  /** Ascending. */
  private readonly minimums: number[] = [];

  observe(typeClass: ParameterTypeClass, hash: number): void {
    this.sampleCount += 1;
    const typeIndex = TYPE_INDEX[typeClass] ?? TYPE_CLASSES.length - 1;
    this.typeCounts[typeIndex] = (this.typeCounts[typeIndex] ?? 0) + 1;
    this.countHitter(hash);
    this.keepMinimum(hash);
  }

  /** Most frequent non-NULL class; NULL only when nothing else was seen. */
  typeClass(): ParameterTypeClass {
    let best = NULL_INDEX;
    let bestCount = 0;
    for (let i = 0; i < TYPE_CLASSES.length; i += 1) {
      const count = this.typeCounts[i] ?? 0;
      if (i !== NULL_INDEX && count > bestCount) {
        best = i;
        bestCount = count;
      }
    }
    return TYPE_CLASSES[best] ?? 'OTHER';
  }

  /** Share of the most frequent value; a lower bound (Space-Saving count minus its error). */
  topShare(): number {
    if (this.sampleCount === 0) return 0;
    let top = 0;
    for (let i = 0; i < this.hitterCounts.length; i += 1) {
      const guaranteed = (this.hitterCounts[i] ?? 0) - (this.hitterErrors[i] ?? 0);
      if (guaranteed > top) top = guaranteed;
    }
    return Math.max(top, 1) / this.sampleCount;
  }

  distinctEstimate(): number {
    if (this.minimums.length < KMV_SIZE) return this.minimums.length;
    const largest = this.minimums[KMV_SIZE - 1] ?? HASH_RANGE;
    return Math.round(((KMV_SIZE - 1) * HASH_RANGE) / (largest + 1));
  }

  private countHitter(hash: number): void {
    const hashes = this.hitterHashes;
    const counts = this.hitterCounts;
    let smallest = 0;
    for (let i = 0; i < hashes.length; i += 1) {
      if (hashes[i] === hash) {
        counts[i] = (counts[i] ?? 0) + 1;
        return;
      }
      if ((counts[i] ?? 0) < (counts[smallest] ?? 0)) smallest = i;
    }
    if (hashes.length < HEAVY_HITTERS) {
      hashes.push(hash);
      counts.push(1);
      this.hitterErrors.push(0);
      return;
    }
    const floor = counts[smallest] ?? 0;
    hashes[smallest] = hash;
    this.hitterErrors[smallest] = floor;
    counts[smallest] = floor + 1;
  }

  private keepMinimum(hash: number): void {
    const minimums = this.minimums;
    const size = minimums.length;
    if (size === KMV_SIZE && hash >= (minimums[KMV_SIZE - 1] ?? 0)) return;
    let low = 0;
    let high = size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((minimums[mid] ?? 0) < hash) low = mid + 1;
      else high = mid;
    }
    if (low < size && minimums[low] === hash) return;
    // Shifted in place (splice allocates the array of what it removed, for every insertion).
    let k = size;
    if (size < KMV_SIZE) minimums.push(hash);
    else k = size - 1;
    for (; k > low; k -= 1) minimums[k] = minimums[k - 1]!;
    minimums[low] = hash;
  }
}
