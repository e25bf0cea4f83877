import { GenerationalCache } from '../util/generational-cache.js';
import { loadFingerprintStats } from '../catalog/load-fingerprint-stats.js';
import { saveFingerprintStats } from '../catalog/save-fingerprint-stats.js';
import type { SqlQuery } from '../sql-query.js';
import { FingerprintAccumulator, type AccumulatorSettings } from './fingerprint-accumulator.js';

export interface StatsStoreSettings extends AccumulatorSettings {
  readonly maxTrackedFingerprints: number;
}

export interface TrackedFingerprint {
  readonly accumulator: FingerprintAccumulator;
  /** True when neither memory nor the catalog knew the fingerprint. */
  readonly isNew: boolean;
}

/**
 * Statistics of every fingerprint with bounded memory: the hottest `maxTrackedFingerprints`
 * stay in memory (two LRU generations), colder ones are written to the catalog when evicted
 * and read back on their next record, so counts survive eviction and restarts. Writes are
 * batched: `flush()` saves everything changed (the caller runs it on a timer and at stop).
 */
export class FingerprintStatsStore {
  private readonly resident: GenerationalCache<string, FingerprintAccumulator>;
  /** Evicted while dirty, not yet written; looked up before the catalog. */
  private readonly evictedDirty = new Map<string, FingerprintAccumulator>();
  private readonly loading = new Map<string, Promise<TrackedFingerprint>>();

  constructor(
    private readonly settings: StatsStoreSettings,
    private readonly catalog: SqlQuery | null,
  ) {
    // Half the budget per generation: at most maxTrackedFingerprints stay resident.
    this.resident = new GenerationalCache(Math.max(1, Math.floor(settings.maxTrackedFingerprints / 2)), (fingerprint, accumulator) => {
      // Without a catalog an evicted fingerprint is forgotten: it will look new again.
      if (accumulator.dirty && this.catalog !== null) this.evictedDirty.set(fingerprint, accumulator);
    });
  }

  get residentCount(): number {
    return this.resident.size;
  }

  get pendingWrites(): number {
    let dirty = this.evictedDirty.size;
    for (const accumulator of this.resident.values()) if (accumulator.dirty) dirty++;
    return dirty;
  }

  async track(fingerprint: string): Promise<TrackedFingerprint> {
    const hit = this.resident.get(fingerprint);
    if (hit !== undefined) return { accumulator: hit, isNew: false };
    const inFlight = this.loading.get(fingerprint);
    if (inFlight !== undefined) {
      const loaded = await inFlight;
      return { accumulator: loaded.accumulator, isNew: false };
    }
    const load = this.load(fingerprint);
    this.loading.set(fingerprint, load);
    try {
      const tracked = await load;
      this.resident.set(fingerprint, tracked.accumulator);
      return tracked;
    } finally {
      this.loading.delete(fingerprint);
    }
  }

  /** Writes every changed fingerprint to the catalog. */
  async flush(): Promise<number> {
    if (this.catalog === null) {
      this.evictedDirty.clear();
      return 0;
    }
    const dirty = [...this.evictedDirty.values(), ...[...this.resident.values()].filter((a) => a.dirty)];
    if (dirty.length === 0) return 0;
    const rows = dirty.map((accumulator) => ({ stats: accumulator.snapshot(), summary: accumulator.summary() }));
    for (const accumulator of dirty) accumulator.dirty = false;
    try {
      for (let i = 0; i < rows.length; i += 500) await saveFingerprintStats(this.catalog, rows.slice(i, i + 500));
    } catch (error) {
      for (const accumulator of dirty) accumulator.dirty = true;
      throw error;
    }
    for (const accumulator of dirty) {
      if (this.evictedDirty.get(accumulator.fingerprint) === accumulator) this.evictedDirty.delete(accumulator.fingerprint);
    }
    return rows.length;
  }

  private async load(fingerprint: string): Promise<TrackedFingerprint> {
    const evicted = this.evictedDirty.get(fingerprint);
    if (evicted !== undefined) {
      this.evictedDirty.delete(fingerprint);
      return { accumulator: evicted, isNew: false };
    }
    const stored = this.catalog === null ? null : await loadFingerprintStats(this.catalog, fingerprint);
    if (stored !== null) return { accumulator: new FingerprintAccumulator(fingerprint, this.settings, stored), isNew: false };
    return { accumulator: new FingerprintAccumulator(fingerprint, this.settings), isNew: true };
  }
}
