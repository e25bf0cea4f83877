import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeAb } from '../../src/shadow/judge-ab.js';
import type { FingerprintMeasurement, SideMeasurement } from '../../src/shadow/workload-replayer.js';

const settings = { alpha: 0.01, minImprovement: 0.1, regressionTolerance: 0.2, regressionFloorMs: 0.5 };
const series = (center: number, n = 30) => Array.from({ length: n }, (_, i) => center * (0.95 + (i % 10) * 0.01));
const side = (latenciesMs: number[], plan: string, cost: number, errors = 0): SideMeasurement => ({ latenciesMs, errors, errorCode: errors > 0 ? '42703' : null, planCost: cost, planShape: plan });
const measurement = (fingerprint: string, baseline: SideMeasurement, candidate: SideMeasurement, share = 0.5): FingerprintMeasurement => ({ fingerprint, share, baseline, candidate });

describe('judgeAb', () => {
  it('IMPROVES when one fingerprint is significantly faster and none slower', () => {
    const verdict = judgeAb(
      [measurement('a', side(series(20), 'read:Seq Scan orders', 2000), side(series(0.5), 'read:Index Scan orders orders_idx', 8)), measurement('b', side(series(1), 'read:x', 5), side(series(1), 'read:x', 5))],
      settings,
    );
    assert.equal(verdict.verdict, 'IMPROVES');
    assert.deepEqual(verdict.fingerprints.map((f) => f.outcome), ['IMPROVED', 'NEUTRAL']);
    assert.match(verdict.summary, /^IMPROVES \(Mann–Whitney U per fingerprint, alpha 0\.01\): 1 improved\/enabled, 1 neutral, 0 regressed\/broken of 2/);
    assert.equal(verdict.evidence.abImproved, 1);
  });

  it('REGRESSES when any fingerprint is significantly slower beyond tolerance and floor, whatever else improved', () => {
    const verdict = judgeAb(
      [
        measurement('a', side(series(20), 'read:Seq Scan', 2000), side(series(0.5), 'read:Index Scan', 8)),
        measurement('w', side(series(2), 'write:Insert', 1), side(series(4), 'write:Insert', 1)),
      ],
      settings,
    );
    assert.equal(verdict.verdict, 'REGRESSES');
    assert.equal(verdict.fingerprints[1]!.outcome, 'REGRESSED');
  });

  it('treats a slower read with the very same plan as noise, and small absolute differences as neutral', () => {
    const noise = judgeAb([measurement('r', side(series(2), 'read:Seq Scan t', 100), side(series(4), 'read:Seq Scan t', 100))], settings);
    assert.equal(noise.verdict, 'NEUTRAL');
    const tiny = judgeAb([measurement('r', side(series(0.1), 'read:a', 1), side(series(0.3), 'read:b', 2))], settings);
    assert.equal(tiny.verdict, 'NEUTRAL');
  });

  it('counts a statement that only runs after the migration as enabled, and one that stops running as broken', () => {
    assert.equal(judgeAb([measurement('n', side([], 'read:a', 1, 30), side(series(1), 'read:a', 1))], settings).verdict, 'IMPROVES');
    const broken = judgeAb([measurement('n', side(series(1), 'read:a', 1), side([], 'read:a', 1, 30))], settings);
    assert.equal(broken.verdict, 'REGRESSES');
    assert.equal(broken.fingerprints[0]!.outcome, 'BROKEN');
  });

  it('needs less from the latencies when the plan corroborates them', () => {
    // Overlapping, noisy samples: p between 0.01 and 0.05.
    const noisyBefore = [8, 9, 7, 12, 6, 10, 9, 8, 11, 7, 5, 13, 9, 8, 10];
    const noisyAfter = [5, 7, 9, 4, 6, 8, 3, 7, 10, 5, 6, 4, 8, 6, 9];
    const changed = judgeAb([measurement('r', side(noisyBefore, 'read:Seq Scan', 1000), side(noisyAfter, 'read:Index Scan', 8))], settings);
    const p = changed.fingerprints[0]!.pValue!;
    assert.ok(p > 0.01 && p < 0.05, String(p));
    assert.equal(changed.verdict, 'IMPROVES');
    const sameCost = judgeAb([measurement('r', side(noisyBefore, 'read:Seq Scan', 1000), side(noisyAfter, 'read:Seq Scan x', 900))], settings);
    assert.equal(sameCost.verdict, 'NEUTRAL', 'without the plan the same latencies decide nothing');
  });
});
