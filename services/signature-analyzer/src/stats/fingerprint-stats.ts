import type { DurationSketchState } from './duration-sketch.js';
import type { RunningMoments } from './running-moments.js';

/** One fixed-length time window of a fingerprint's observations. */
export interface StatsWindow {
  /** Start of the window (epoch ms, a multiple of windowMs). */
  readonly start: number;
  /** Executions, weighted by sampling (calls × samplingWeight). */
  readonly weightedCalls: number;
  /** Signature records that fell into the window (unweighted). */
  readonly records: number;
  /** Weighted total execution time (ms). */
  readonly totalMs: number;
  /** Weighted rows returned or affected (only from records that carried rows). */
  readonly rows: number;
  /** Moments of ln(mean duration) over the records that had a duration (for the regression test). */
  readonly logDuration: RunningMoments;
  /** Weighted per-call duration sketch (p95). */
  readonly sketch: DurationSketchState;
}

/** Calls and time of one (database, application) pair. */
export interface StatsBreakdown {
  readonly database: string | null;
  readonly application: string | null;
  readonly weightedCalls: number;
  readonly totalMs: number;
}

/** What the analyzer remembers of its last look at a fingerprint. */
export interface ExaminationMemory {
  readonly lastExaminedAt: number | null;
  readonly schemaVersion: string | null;
  /** Whether the mean was over PerformanceThreshold.executionTimeMs at the last update. */
  readonly aboveThreshold: boolean;
  /** Window start of the last regression that triggered an examination. */
  readonly lastRegressionWindow: number | null;
  /** Time of the last N+1 burst that triggered an examination. */
  readonly lastBurstAt: number | null;
  /** Weighted calls in that burst's window (kept so a later examination still reports it). */
  readonly lastBurstCalls?: number | null;
  /** The burst's origin: session id, or `app:<name>`. */
  readonly lastBurstOrigin?: string | null;
}

/**
 * Sliding-window statistics of one fingerprint: the unit that is kept in memory (LRU)
 * and persisted to shadowtune.signature_stats.
 */
export interface FingerprintStats {
  readonly fingerprint: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Weighted calls since first seen (not only in the windows). */
  readonly lifetimeCalls: number;
  /** Oldest first; at most windowCount entries. */
  readonly windows: readonly StatsWindow[];
  /** Largest pairs first; the pair (null, null) with application "(other)" sums the rest. */
  readonly breakdown: readonly StatsBreakdown[];
  readonly examination: ExaminationMemory;
}
