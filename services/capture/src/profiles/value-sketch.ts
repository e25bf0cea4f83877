import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

export const TYPE_CLASSES: readonly ParameterTypeClass[] = ['INTEGER', 'DECIMAL', 'TEXT', 'BOOLEAN', 'DATE_TIME', 'UUID', 'JSON', 'NULL', 'LIST', 'OTHER'];
const TYPE_INDEX: ReadonlyMap<ParameterTypeClass, number> = new Map(TYPE_CLASSES.map((name, index) => [name, index]));
const NULL_INDEX = TYPE_CLASSES.indexOf('NULL');

/** Counters of the Space-Saving heavy-hitter summary. */
const HEAVY_HITTERS = 8;
/** Smallest hashes kept by the K-minimum-values distinct estimator (relative error about 1/sqrt(K-2)). */
const KMV_SIZE = 32;
const HASH_RANGE = 2 ** 53;

/**
 * A fixed-size summary of the (salted hashes of the) values bound to one placeholder:
 * type-class counts, Space-Saving counters for the most frequent value and K minimum
 * values for the number of distinct values. Never holds a value.
 */
export class ValueSketch {
  sampleCount = 0;
  private readonly typeCounts = new Uint32Array(TYPE_CLASSES.length);
  private readonly hitterHashes = new Float64Array(HEAVY_HITTERS);
  private readonly hitterCounts = new Uint32Array(HEAVY_HITTERS);
  private readonly hitterErrors = new Uint32Array(HEAVY_HITTERS);
  private hitterSize = 0;
  private readonly minimums = new Float64Array(KMV_SIZE);
  private minimumSize = 0;

  observe(typeClass: ParameterTypeClass, hash: number): void {
    this.sampleCount += 1;
    const typeIndex = TYPE_INDEX.get(typeClass) ?? TYPE_CLASSES.length - 1;
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
    for (let i = 0; i < this.hitterSize; i += 1) {
      const guaranteed = (this.hitterCounts[i] ?? 0) - (this.hitterErrors[i] ?? 0);
      if (guaranteed > top) top = guaranteed;
    }
    return Math.max(top, 1) / this.sampleCount;
  }

  distinctEstimate(): number {
    if (this.minimumSize < KMV_SIZE) return this.minimumSize;
    const largest = this.minimums[KMV_SIZE - 1] ?? HASH_RANGE;
    return Math.round(((KMV_SIZE - 1) * HASH_RANGE) / (largest + 1));
  }

  private countHitter(hash: number): void {
    let smallest = 0;
    for (let i = 0; i < this.hitterSize; i += 1) {
      if (this.hitterHashes[i] === hash) {
        this.hitterCounts[i] = (this.hitterCounts[i] ?? 0) + 1;
        return;
      }
      if ((this.hitterCounts[i] ?? 0) < (this.hitterCounts[smallest] ?? 0)) smallest = i;
    }
    if (this.hitterSize < HEAVY_HITTERS) {
      this.hitterHashes[this.hitterSize] = hash;
      this.hitterCounts[this.hitterSize] = 1;
      this.hitterErrors[this.hitterSize] = 0;
      this.hitterSize += 1;
      return;
    }
    const floor = this.hitterCounts[smallest] ?? 0;
    this.hitterHashes[smallest] = hash;
    this.hitterErrors[smallest] = floor;
    this.hitterCounts[smallest] = floor + 1;
  }

  private keepMinimum(hash: number): void {
    const size = this.minimumSize;
    if (size === KMV_SIZE && hash >= (this.minimums[KMV_SIZE - 1] ?? 0)) return;
    let low = 0;
    let high = size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.minimums[mid] ?? 0) < hash) low = mid + 1;
      else high = mid;
    }
    if (low < size && this.minimums[low] === hash) return;
    const last = size === KMV_SIZE ? KMV_SIZE - 1 : size;
    this.minimums.copyWithin(low + 1, low, last);
    this.minimums[low] = hash;
    if (size < KMV_SIZE) this.minimumSize = size + 1;
  }
}
