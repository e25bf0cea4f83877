import { GenerationalCache } from '../util/generational-cache.js';

/**
 * A bounded, LRU-like cache of plan lookups keyed by fingerprint and schema version: a fingerprint is
 * planned once per schema version however often it is examined. Failed lookups are
 * cached too (the statement will fail again until the schema changes).
 */
export class PlanCache<T> {
  private readonly entries: GenerationalCache<string, T>;
  hits = 0;
  misses = 0;

  /** Holds between maxEntries and 2 × maxEntries plans (see GenerationalCache). */
  constructor(maxEntries: number) {
    this.entries = new GenerationalCache(Math.max(1, maxEntries));
  }

  get size(): number {
    return this.entries.size;
  }

  async getOrCreate(fingerprint: string, schemaVersion: string, create: () => Promise<T>): Promise<T> {
    const key = `${schemaVersion}\u0000${fingerprint}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const value = await create();
    this.entries.set(key, value);
    return value;
  }
}
