import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintSampler } from '../../src/sampling/fingerprint-sampler.js';

describe('FingerprintSampler', () => {
  it('always keeps the first observation of a fingerprint in each window, with weight 1', () => {
    const sampler = new FingerprintSampler({ rate: 0, windowMs: 60_000, maxTrackedFingerprints: 100 });
    assert.deepEqual(sampler.decide('aaaa', 1_000), { keep: true, firstInWindow: true, weight: 1 });
    assert.equal(sampler.decide('aaaa', 2_000).keep, false);
    assert.deepEqual(sampler.decide('bbbb', 2_000), { keep: true, firstInWindow: true, weight: 1 });
    assert.deepEqual(sampler.decide('aaaa', 61_000), { keep: true, firstInWindow: true, weight: 1 });
    // A timestamp a little in the past (another backend's line) does not restart the window.
    assert.equal(sampler.decide('aaaa', 59_000).firstInWindow, false);
  });

  it('keeps about rate of the rest with weight 1/rate, so weighted counts are unbiased', () => {
    const rate = 0.1;
    const sampler = new FingerprintSampler({ rate, windowMs: 1_000, maxTrackedFingerprints: 1_000 });
    let weighted = 0;
    let kept = 0;
    const observations = 200_000;
    for (let i = 0; i < observations; i += 1) {
      const decision = sampler.decide(`fp${i % 50}`, i);
      if (decision.keep) {
        kept += 1;
        weighted += decision.weight;
      }
    }
    // 200 windows × 50 fingerprints are kept unconditionally; the rest at 10%.
    const unconditional = 200 * 50;
    const expectedKept = unconditional + (observations - unconditional) * rate;
    assert.ok(Math.abs(kept - expectedKept) / expectedKept < 0.03, `kept ${kept}, expected about ${expectedKept}`);
    assert.ok(Math.abs(weighted - observations) / observations < 0.03, `weighted ${weighted}, expected about ${observations}`);
  });

  it('is deterministic: the same sequence gives the same decisions', () => {
    const run = (): boolean[] => {
      const sampler = new FingerprintSampler({ rate: 0.3, windowMs: 60_000, maxTrackedFingerprints: 100 });
      return Array.from({ length: 500 }, (_, i) => sampler.decide(`fp${i % 7}`, 1_000 + i).keep);
    };
    assert.deepEqual(run(), run());
  });

  it('keeps everything at rate 1 and flags only the first of each window', () => {
    const sampler = new FingerprintSampler({ rate: 1, windowMs: 60_000, maxTrackedFingerprints: 100 });
    assert.equal(sampler.decide('x', 0).firstInWindow, true);
    assert.deepEqual(sampler.decide('x', 1), { keep: true, firstInWindow: false, weight: 1 });
  });

  it('stays bounded: beyond its table, older fingerprints are forgotten and count as new (kept)', () => {
    const sampler = new FingerprintSampler({ rate: 0, windowMs: 60_000, maxTrackedFingerprints: 100 });
    const fingerprints = Array.from({ length: 20_000 }, (_, i) => i.toString(16).padStart(16, '0'));
    for (const fingerprint of fingerprints) sampler.decide(fingerprint, 0);
    const recent = fingerprints.slice(-50).filter((fingerprint) => !sampler.decide(fingerprint, 1).keep).length;
    const old = fingerprints.slice(0, 1_000).filter((fingerprint) => sampler.decide(fingerprint, 1).firstInWindow).length;
    assert.ok(recent >= 45, `recent fingerprints remembered: ${recent} of 50`);
    assert.ok(old >= 900, `old fingerprints forgotten (kept as new): ${old} of 1000`);
    assert.throws(() => new FingerprintSampler({ rate: 1.5, windowMs: 1, maxTrackedFingerprints: 1 }), RangeError);
  });
});
