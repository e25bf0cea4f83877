import { GenerationalCache } from '../util/generational-cache.js';

export interface BurstSettings {
  readonly burstWindowMs: number;
  readonly burstMinCalls: number;
  /** Keys (fingerprint × session) remembered (up to twice this); the least recently seen are dropped first. */
  readonly maxKeys: number;
}

export interface BurstState {
  /** Weighted calls of the fingerprint from this origin within the burst window ending now. */
  readonly callsInWindow: number;
  readonly isBurst: boolean;
  /** Session id, or application name when the record had no session. */
  readonly origin: string;
}

interface Recent {
  times: number[];
  weights: number[];
  sum: number;
}

/**
 * Counts how often one fingerprint repeats from one session (or, without a session,
 * one application) within a short sliding window: the N+1 signature. Memory is bounded
 * by maxKeys × the calls of one window.
 */
export class BurstTracker {
  private readonly recent: GenerationalCache<string, Recent>;

  constructor(private readonly settings: BurstSettings) {
    this.recent = new GenerationalCache(Math.max(1, settings.maxKeys));
  }

  record(fingerprint: string, session: string | null, application: string | null, time: number, weightedCalls: number): BurstState | null {
    const origin = session ?? (application !== null ? `app:${application}` : null);
    if (origin === null) return null;
    const key = `${fingerprint}\u0000${origin}`;
    let entry = this.recent.get(key);
    if (entry === undefined) {
      entry = { times: [], weights: [], sum: 0 };
      this.recent.set(key, entry);
    }
    entry.times.push(time);
    entry.weights.push(weightedCalls);
    entry.sum += weightedCalls;
    const from = time - this.settings.burstWindowMs;
    let drop = 0;
    while (drop < entry.times.length && entry.times[drop]! < from) {
      entry.sum -= entry.weights[drop]!;
      drop++;
    }
    if (drop > 0) {
      entry.times.splice(0, drop);
      entry.weights.splice(0, drop);
    }
    // Bound one key's memory: a burst needs only burstMinCalls entries to be recognised.
    const cap = this.settings.burstMinCalls * 4;
    if (entry.times.length > cap) {
      const extra = entry.times.length - cap;
      for (let i = 0; i < extra; i++) entry.sum -= entry.weights[i]!;
      entry.times.splice(0, extra);
      entry.weights.splice(0, extra);
      entry.sum = Math.max(entry.sum, 0);
    }
    return { callsInWindow: entry.sum, isBurst: entry.sum >= this.settings.burstMinCalls, origin };
  }
}
