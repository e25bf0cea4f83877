import { DurationSketch } from './duration-sketch.js';
import type { ExaminationMemory, FingerprintStats, StatsBreakdown, StatsWindow } from './fingerprint-stats.js';
import type { Observation } from './observation.js';
import { addToMoments } from './add-to-moments.js';
import { EMPTY_MOMENTS, type RunningMoments } from './running-moments.js';
import { mergeMoments } from './merge-moments.js';
import type { StatsSummary } from './stats-summary.js';

export interface AccumulatorSettings {
  readonly windowMs: number;
  readonly windowCount: number;
  readonly sketchMaxBuckets: number;
  readonly maxBreakdownKeys: number;
}

interface LiveWindow {
  start: number;
  weightedCalls: number;
  records: number;
  totalMs: number;
  timedCalls: number;
  rows: number;
  logDuration: RunningMoments;
  sketch: DurationSketch;
}

const OTHER_APPLICATION = '(other)';

const NO_EXAMINATION: ExaminationMemory = {
  lastExaminedAt: null,
  schemaVersion: null,
  aboveThreshold: false,
  lastRegressionWindow: null,
  lastBurstAt: null,
};

function breakdownKey(database: string | null, application: string | null): string {
  return `${database ?? ''}\u0000${application ?? ''}`;
}

/**
 * The in-memory, mutable form of one fingerprint's statistics (updated on every record,
 * so it avoids copying); `snapshot()` gives the immutable FingerprintStats that is
 * persisted and examined. Memory is bounded by windowCount × sketchMaxBuckets and
 * maxBreakdownKeys whatever the traffic.
 */
export class FingerprintAccumulator {
  private windows: LiveWindow[] = [];
  private readonly breakdown = new Map<string, { database: string | null; application: string | null; weightedCalls: number; totalMs: number }>();
  private firstSeen: number;
  private lastSeen: number;
  private lifetimeCalls = 0;
  examination: ExaminationMemory = NO_EXAMINATION;
  /** True when the state changed since it was last persisted. */
  dirty = true;

  constructor(
    readonly fingerprint: string,
    private readonly settings: AccumulatorSettings,
    stored?: FingerprintStats,
  ) {
    this.firstSeen = stored?.firstSeen ?? Number.POSITIVE_INFINITY;
    this.lastSeen = stored?.lastSeen ?? Number.NEGATIVE_INFINITY;
    if (stored) {
      this.dirty = false;
      this.lifetimeCalls = stored.lifetimeCalls;
      this.examination = stored.examination;
      this.windows = stored.windows.map((w) => ({
        start: w.start,
        weightedCalls: w.weightedCalls,
        records: w.records,
        totalMs: w.totalMs,
        timedCalls: w.sketch.totalWeight,
        rows: w.rows,
        logDuration: w.logDuration,
        sketch: new DurationSketch(settings.sketchMaxBuckets, w.sketch),
      }));
      for (const b of stored.breakdown) this.breakdown.set(breakdownKey(b.database, b.application), { ...b });
    }
  }

  /** Start of the window that holds `time`. */
  windowStartOf(time: number): number {
    return Math.floor(time / this.settings.windowMs) * this.settings.windowMs;
  }

  add(observation: Observation): void {
    this.dirty = true;
    this.firstSeen = Math.min(this.firstSeen, observation.observedAt);
    this.lastSeen = Math.max(this.lastSeen, observation.observedAt);
    this.lifetimeCalls += observation.weightedCalls;
    this.addToBreakdown(observation);
    const window = this.windowFor(observation.observedAt);
    if (window === null) return;
    window.weightedCalls += observation.weightedCalls;
    window.records += 1;
    if (observation.weightedRows !== null) window.rows += observation.weightedRows;
    if (observation.meanMs !== null && observation.weightedTotalMs !== null) {
      window.totalMs += observation.weightedTotalMs;
      window.timedCalls += observation.weightedCalls;
      window.sketch.add(observation.meanMs, observation.weightedCalls);
      // ln(0) is -∞: clamp at a microsecond so a zero timing is merely "very fast".
      window.logDuration = addToMoments(window.logDuration, Math.log(Math.max(observation.meanMs, 0.001)));
    }
  }

  /** Moments of ln(duration) in the newest window and in all older windows together. */
  regressionSamples(): { readonly baseline: RunningMoments; readonly recent: RunningMoments; readonly recentWindow: number | null } {
    const newest = this.windows[this.windows.length - 1];
    if (newest === undefined) return { baseline: EMPTY_MOMENTS, recent: EMPTY_MOMENTS, recentWindow: null };
    let baseline = EMPTY_MOMENTS;
    for (const window of this.windows.slice(0, -1)) baseline = mergeMoments(baseline, window.logDuration);
    return { baseline, recent: newest.logDuration, recentWindow: newest.start };
  }

  /** Weighted mean duration over the kept windows (cheap: no sketch merge), or null. */
  meanMs(): number | null {
    let totalMs = 0;
    let timedCalls = 0;
    for (const window of this.windows) {
      totalMs += window.totalMs;
      timedCalls += window.timedCalls;
    }
    return timedCalls > 0 ? totalMs / timedCalls : null;
  }

  summary(): StatsSummary {
    let weightedCalls = 0;
    let timedCalls = 0;
    let totalMs = 0;
    let rows = 0;
    let records = 0;
    const sketch = new DurationSketch(this.settings.sketchMaxBuckets);
    for (const window of this.windows) {
      weightedCalls += window.weightedCalls;
      totalMs += window.totalMs;
      timedCalls += window.timedCalls;
      rows += window.rows;
      records += window.records;
      sketch.merge(window.sketch);
    }
    const timed = timedCalls > 0;
    return {
      weightedCalls,
      records,
      meanMs: timed ? totalMs / timedCalls : null,
      p95Ms: timed ? sketch.quantile(0.95) : null,
      totalMs: timed ? totalMs : null,
      rows,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
    };
  }

  snapshot(): FingerprintStats {
    const windows: StatsWindow[] = this.windows.map((w) => ({
      start: w.start,
      weightedCalls: w.weightedCalls,
      records: w.records,
      totalMs: w.totalMs,
      rows: w.rows,
      logDuration: w.logDuration,
      sketch: w.sketch.toState(),
    }));
    const breakdown: StatsBreakdown[] = [...this.breakdown.values()].sort((a, b) => b.weightedCalls - a.weightedCalls).map((b) => ({ ...b }));
    return {
      fingerprint: this.fingerprint,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      lifetimeCalls: this.lifetimeCalls,
      windows,
      breakdown,
      examination: this.examination,
    };
  }

  private windowFor(time: number): LiveWindow | null {
    const start = this.windowStartOf(time);
    const newest = this.windows[this.windows.length - 1];
    if (newest === undefined || start > newest.start) {
      const created: LiveWindow = {
        start,
        weightedCalls: 0,
        records: 0,
        totalMs: 0,
        timedCalls: 0,
        rows: 0,
        logDuration: EMPTY_MOMENTS,
        sketch: new DurationSketch(this.settings.sketchMaxBuckets),
      };
      this.windows.push(created);
      const oldestKept = start - (this.settings.windowCount - 1) * this.settings.windowMs;
      this.windows = this.windows.filter((w) => w.start >= oldestKept);
      return created;
    }
    // A late record goes to its own window if that is still kept; older ones only count in lifetime totals.
    for (let i = this.windows.length - 1; i >= 0; i--) {
      const window = this.windows[i]!;
      if (window.start === start) return window;
      if (window.start < start) {
        const created: LiveWindow = { start, weightedCalls: 0, records: 0, totalMs: 0, timedCalls: 0, rows: 0, logDuration: EMPTY_MOMENTS, sketch: new DurationSketch(this.settings.sketchMaxBuckets) };
        this.windows.splice(i + 1, 0, created);
        return created;
      }
    }
    const oldestKept = newest.start - (this.settings.windowCount - 1) * this.settings.windowMs;
    if (start < oldestKept) return null;
    const created: LiveWindow = { start, weightedCalls: 0, records: 0, totalMs: 0, timedCalls: 0, rows: 0, logDuration: EMPTY_MOMENTS, sketch: new DurationSketch(this.settings.sketchMaxBuckets) };
    this.windows.unshift(created);
    return created;
  }

  private addToBreakdown(observation: Observation): void {
    const key = breakdownKey(observation.database, observation.application);
    let entry = this.breakdown.get(key);
    if (entry === undefined) {
      if (this.breakdown.size >= this.settings.maxBreakdownKeys) {
        const otherKey = breakdownKey(null, OTHER_APPLICATION);
        entry = this.breakdown.get(otherKey);
        if (entry === undefined) {
          entry = { database: null, application: OTHER_APPLICATION, weightedCalls: 0, totalMs: 0 };
          this.breakdown.set(otherKey, entry);
        }
      } else {
        entry = { database: observation.database, application: observation.application, weightedCalls: 0, totalMs: 0 };
        this.breakdown.set(key, entry);
      }
    }
    entry.weightedCalls += observation.weightedCalls;
    entry.totalMs += observation.weightedTotalMs ?? 0;
  }
}
