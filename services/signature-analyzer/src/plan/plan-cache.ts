/**
 * A bounded LRU of plan lookups keyed by fingerprint and schema version: a fingerprint is
 * planned once per schema version however often it is examined. Failed lookups are
 * cached too (the statement will fail again until the schema changes).
 */
export class PlanCache<T> {
  private readonly entries = new Map<string, T>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  async getOrCreate(fingerprint: string, schemaVersion: string, create: () => Promise<T>): Promise<T> {
    const key = `${schemaVersion}\u0000${fingerprint}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.misses++;
    const value = await create();
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
