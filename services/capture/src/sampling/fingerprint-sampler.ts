import { hashText32 } from '../util/hash-text-32.js';
import { mix32 } from './mix-32.js';
import type { SamplingDecision } from './sampling-decision.js';

export interface FingerprintSamplerOptions {
  /** Share of observations kept (the concept's SamplingRate), 0..1. */
  readonly rate: number;
  readonly windowMs: number;
  /** Fingerprints whose window state is kept; a forgotten one counts as new again (kept, never lost). */
  readonly maxTrackedFingerprints: number;
}

const KEEP_FIRST: SamplingDecision = { keep: true, firstInWindow: true, weight: 1 };
const KEEP_ALL: SamplingDecision = { keep: true, firstInWindow: false, weight: 1 };
const DROP: SamplingDecision = { keep: false, firstInWindow: false, weight: 0 };

/** The value of 8 lowercase hex digits of `text` from `start`, or -1 when they are not. */
function hex32(text: string, start: number): number {
  let value = 0;
  for (let i = start; i < start + 8; i += 1) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (c >= 97 && c <= 102) digit = c - 87;
    else return -1;
    value = (value << 4) | digit;
  }
  return value >>> 0;
}
/** Slots probed per fingerprint before the one with the oldest window is taken over. */
const PROBES = 4;

/**
 * Deterministic sampling by fingerprint: the first observation of a fingerprint in each
 * window is always kept (so a rare expensive statement is never sampled away) with weight 1;
 * every later one is kept when hash(fingerprint, sequence number) falls under the rate, with
 * weight 1 / rate. The sum of weights is an unbiased estimate of the observations.
 *
 * The per-fingerprint state (window, sequence) lives in typed arrays, a small open-addressed
 * table keyed by the fingerprint's own bits: no object per fingerprint, so a stream of
 * fingerprints that never repeat costs no garbage collection. When the table is full the
 * entry of the oldest window gives way; its fingerprint then counts as new (kept).
 */
export class FingerprintSampler {
  private readonly threshold: number;
  private readonly keepSampled: SamplingDecision;
  private readonly mask: number;
  /** Two 32-bit halves of the fingerprint; 0/0 marks an empty slot. */
  private readonly keysHigh: Uint32Array;
  private readonly keysLow: Uint32Array;
  private readonly windows: Float64Array;
  private readonly sequences: Uint32Array;

  constructor(private readonly options: FingerprintSamplerOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError('rate must be within 0..1');
    this.threshold = Math.floor(options.rate * 0x1_0000_0000);
    this.keepSampled = { keep: true, firstInWindow: false, weight: options.rate > 0 ? 1 / options.rate : 0 };
    let size = 1024;
    while (size < options.maxTrackedFingerprints * 2) size *= 2;
    this.mask = size - 1;
    this.keysHigh = new Uint32Array(size);
    this.keysLow = new Uint32Array(size);
    this.windows = new Float64Array(size);
    this.sequences = new Uint32Array(size);
  }

  decide(fingerprint: string, observedAt: number): SamplingDecision {
    const window = Math.floor(observedAt / this.options.windowMs);
    // Fingerprints are 16 hex digits of a hash already: their halves are the keys.
    let high = fingerprint.length === 16 ? hex32(fingerprint, 0) : -1;
    let low = high < 0 ? -1 : hex32(fingerprint, 8);
    if (low < 0) {
      high = hashText32(fingerprint);
      low = hashText32(`${fingerprint}\u0000`);
    }
    if (high === 0 && low === 0) high = 1;
    const home = (high ^ Math.imul(low, 0x9e3779b1)) >>> 0;
    let victim = -1;
    for (let probe = 0; probe < PROBES; probe += 1) {
      const slot = (home + probe) & this.mask;
      if (this.keysHigh[slot] === high && this.keysLow[slot] === low) return this.seen(slot, high, window);
      const empty = this.keysHigh[slot] === 0 && this.keysLow[slot] === 0;
      if (empty) {
        victim = slot;
        break;
      }
      if (victim < 0 || (this.windows[slot] ?? 0) < (this.windows[victim] ?? 0)) victim = slot;
    }
    this.keysHigh[victim] = high;
    this.keysLow[victim] = low;
    this.windows[victim] = window;
    this.sequences[victim] = 0;
    return KEEP_FIRST;
  }

  private seen(slot: number, high: number, window: number): SamplingDecision {
    // The sequence runs on across windows so that each window draws fresh hashes.
    const sequence = ((this.sequences[slot] ?? 0) + 1) >>> 0;
    this.sequences[slot] = sequence;
    // Log timestamps can step back a little (concurrent backends); only a later window restarts.
    if (window > (this.windows[slot] ?? 0)) {
      this.windows[slot] = window;
      return KEEP_FIRST;
    }
    if (this.options.rate >= 1) return KEEP_ALL;
    return mix32(high, sequence) < this.threshold ? this.keepSampled : DROP;
  }
}
