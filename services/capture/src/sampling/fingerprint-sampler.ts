import { LruMap } from '../util/lru-map.js';
import { hashString32 } from './hash-string-32.js';
import { mix32 } from './mix-32.js';
import type { SamplingDecision } from './sampling-decision.js';

export interface FingerprintSamplerOptions {
  /** Share of observations kept (the concept's SamplingRate), 0..1. */
  readonly rate: number;
  readonly windowMs: number;
  /** Fingerprints whose window state is kept; an evicted one counts as new again (kept, never lost). */
  readonly maxTrackedFingerprints: number;
}

interface WindowState {
  window: number;
  sequence: number;
  readonly hash: number;
}

const KEEP_FIRST: SamplingDecision = { keep: true, firstInWindow: true, weight: 1 };
const KEEP_ALL: SamplingDecision = { keep: true, firstInWindow: false, weight: 1 };
const DROP: SamplingDecision = { keep: false, firstInWindow: false, weight: 0 };

/**
 * Deterministic sampling by fingerprint: the first observation of a fingerprint in each
 * window is always kept (so a rare expensive statement is never sampled away) with weight 1;
 * every later one is kept when hash(fingerprint, sequence number) falls under the rate, with
 * weight 1 / rate. The sum of weights is an unbiased estimate of the observations.
 */
export class FingerprintSampler {
  private readonly states: LruMap<string, WindowState>;
  private readonly threshold: number;
  private readonly keepSampled: SamplingDecision;

  constructor(private readonly options: FingerprintSamplerOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError('rate must be within 0..1');
    this.states = new LruMap(options.maxTrackedFingerprints);
    this.threshold = Math.floor(options.rate * 0x1_0000_0000);
    this.keepSampled = { keep: true, firstInWindow: false, weight: options.rate > 0 ? 1 / options.rate : 0 };
  }

  decide(fingerprint: string, observedAt: number): SamplingDecision {
    const window = Math.floor(observedAt / this.options.windowMs);
    const state = this.states.get(fingerprint);
    if (state === undefined) {
      this.states.set(fingerprint, { window, sequence: 0, hash: hashString32(fingerprint) });
      return KEEP_FIRST;
    }
    // Log timestamps can step back a little (concurrent backends); only a later window restarts.
    // The sequence runs on across windows so that each window draws fresh hashes.
    state.sequence += 1;
    if (window > state.window) {
      state.window = window;
      return KEEP_FIRST;
    }
    if (this.options.rate >= 1) return KEEP_ALL;
    return mix32(state.hash, state.sequence) < this.threshold ? this.keepSampled : DROP;
  }
}
