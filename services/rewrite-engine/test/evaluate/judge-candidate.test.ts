import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchResult, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';
import { judgeCandidate, type JudgeOptions } from '../../src/evaluate/judge-candidate.js';

const OPTIONS: JudgeOptions = { minSpeedup: 1.5, regressionTolerance: 0.2, regressionFloorMs: 0.5, maxWriteCostFactor: 4 };

function m(variantId: string, parameterClass: 'HEAVY_HITTER' | 'TAIL' | 'NONE', ms: number, extra: Partial<VariantMeasurement> = {}): VariantMeasurement {
  const summary = { median: ms, p95: ms * 1.1, min: ms * 0.9, max: ms * 1.2 };
  return {
    variantId,
    parameterClass,
    runs: 5,
    timedOut: false,
    executionMs: summary,
    planningMs: { median: 0.1, p95: 0.1, min: 0.1, max: 0.1 },
    rows: 10,
    sharedHitBlocks: 10,
    sharedReadBlocks: 0,
    tempBlocks: 0,
    walBytes: null,
    planShape: [],
    fullTableScan: false,
    joinCost: 0,
    missingJoinIndex: false,
    filterCost: 0,
    missingFilterIndex: false,
    planJson: null,
    fingerprint: null,
    wallMs: summary,
    parameterSets: 2,
    indexesUsed: variantId === 'ix' ? ['the_idx'] : [],
    ...extra,
  };
}

function result(measurements: VariantMeasurement[], extra: Partial<BenchResult> = {}): BenchResult {
  return { resultId: 'r', requestId: 'r', datasetId: null, fingerprint: 'fp', measurements, equivalence: [], writeCosts: [], failures: [], completedAt: 0, ...extra };
}

const judge = (r: BenchResult, kind: 'index' | 'rewrite' = 'index', variantId = 'ix') =>
  judgeCandidate({ variantId, againstVariantId: 'baseline', kind, result: r, indexNames: kind === 'index' ? ['the_idx'] : [], options: OPTIONS });

describe('judgeCandidate', () => {
  it('keeps an index that speeds up both classes, with its figures and a confidence', () => {
    const verdict = judge(result([m('baseline', 'HEAVY_HITTER', 40), m('baseline', 'TAIL', 30), m('ix', 'HEAVY_HITTER', 2), m('ix', 'TAIL', 0.5)]));
    assert.equal(verdict.accepted, true);
    assert.ok(verdict.accepted && verdict.comparison.overall > 20);
    assert.ok(verdict.accepted && verdict.confidence > 0 && verdict.confidence <= 1);
  });

  it('reports an index that helps heavy hitters but hurts the tail as HURTS_TAIL', () => {
    const verdict = judge(result([m('baseline', 'HEAVY_HITTER', 48), m('baseline', 'TAIL', 25), m('ix', 'HEAVY_HITTER', 0.3), m('ix', 'TAIL', 77)]));
    assert.equal(verdict.accepted, false);
    assert.ok(!verdict.accepted && verdict.reason === 'HURTS_TAIL');
    assert.match(!verdict.accepted ? verdict.detail : '', /helps HEAVY_HITTER ×160 .* but slows TAIL ×0\.32/);
  });

  it('reports the reverse as HURTS_HEAVY_HITTER', () => {
    const verdict = judge(result([m('baseline', 'HEAVY_HITTER', 20), m('baseline', 'TAIL', 20), m('ix', 'HEAVY_HITTER', 60), m('ix', 'TAIL', 1)]));
    assert.ok(!verdict.accepted && verdict.reason === 'HURTS_HEAVY_HITTER');
  });

  it('calls differences under the noise floor no regression, and too little gain INSUFFICIENT_SPEEDUP', () => {
    const noise = judge(result([m('baseline', 'HEAVY_HITTER', 0.2), m('baseline', 'TAIL', 20), m('ix', 'HEAVY_HITTER', 0.4), m('ix', 'TAIL', 1)]));
    assert.equal(noise.accepted, true, '0.2 ms slower is under the 0.5 ms floor');
    const small = judge(result([m('baseline', 'NONE', 10), m('ix', 'NONE', 8)]));
    assert.ok(!small.accepted && small.reason === 'INSUFFICIENT_SPEEDUP');
  });

  it('rejects an index no plan used, a rewrite with different rows, a failed setup', () => {
    const unused = judge(result([m('baseline', 'NONE', 10), m('ix', 'NONE', 1, { indexesUsed: ['other_idx'] })]));
    assert.ok(!unused.accepted && unused.reason === 'INDEX_NOT_USED');
    const mismatch = judge(result([m('baseline', 'NONE', 10), m('rw', 'NONE', 1)], { equivalence: [{ variantId: 'rw', comparisons: 6, mismatches: 1, detail: 'TAIL parameter set 1, adversarial data (NULLs, duplicates): 3 rows vs 4' }] }), 'rewrite', 'rw');
    assert.ok(!mismatch.accepted && mismatch.reason === 'RESULT_MISMATCH');
    assert.match(!mismatch.accepted ? mismatch.detail : '', /adversarial/);
    const unchecked = judge(result([m('baseline', 'NONE', 10), m('rw', 'NONE', 1)]), 'rewrite', 'rw');
    assert.ok(!unchecked.accepted && unchecked.reason === 'RESULT_MISMATCH', 'a rewrite whose rows were not compared is not kept');
    const failed = judge(result([m('baseline', 'NONE', 10)], { failures: [{ variantId: 'ix', code: 'DB_QUERY_FAILED', message: 'functions in index expression must be marked IMMUTABLE (SQLSTATE 42P17)' }] }));
    assert.ok(!failed.accepted && failed.reason === 'SETUP_FAILED');
  });

  it('rejects a candidate that slows another statement on the same tables, and one too costly for writers', () => {
    const guard = (variantId: string, ms: number) => m(variantId, 'HEAVY_HITTER', ms, { fingerprint: 'other', indexesUsed: [] });
    const slowsOther = judge(result([m('baseline', 'NONE', 10), m('ix', 'NONE', 1), guard('baseline', 5), guard('ix', 15)]));
    assert.ok(!slowsOther.accepted && slowsOther.reason === 'REGRESSES_OTHER_FINGERPRINT');
    assert.match(!slowsOther.accepted ? slowsOther.detail : '', /^other HEAVY_HITTER/);
    const costly = judge(
      result([m('baseline', 'NONE', 10), m('ix', 'NONE', 1)], {
        writeCosts: [{ variantId: 'ix', table: 'public.t', rows: 100, insertMsWithout: 1, insertMsWith: 5, updateMsWithout: 1, updateMsWith: 6, walBytesWithout: 1, walBytesWith: 9, factor: 5.5 }],
      }),
    );
    assert.ok(!costly.accepted && costly.reason === 'WRITE_COST_TOO_HIGH');
  });

  it('never calls a slower run of the same plan over the same indexes a regression (noise)', () => {
    const guard = (variantId: string, ms: number) => m(variantId, 'TAIL', ms, { fingerprint: 'other', indexesUsed: [], planShape: ['Sort', 'Seq Scan on public.reviews'] });
    const verdict = judge(result([m('baseline', 'NONE', 10), m('ix', 'NONE', 1), guard('baseline', 5.4), guard('ix', 9.3)]));
    assert.equal(verdict.accepted, true);
  });

  it('counts a guard whose plan uses the index and gets faster as served, and a timed-out baseline as a lower bound', () => {
    const guard = (variantId: string, ms: number) => m(variantId, 'HEAVY_HITTER', ms, { fingerprint: 'other', indexesUsed: variantId === 'ix' ? ['the_idx'] : [] });
    const verdict = judge(result([m('baseline', 'NONE', 10_000, { timedOut: true }), m('ix', 'NONE', 2), guard('baseline', 30), guard('ix', 3)]));
    assert.ok(verdict.accepted);
    assert.deepEqual(verdict.accepted && verdict.guardsServed, ['other']);
    assert.ok(verdict.accepted && verdict.comparison.classes[0]!.baselineTimedOut);
    const faster = (variantId: string, ms: number) => m(variantId, 'HEAVY_HITTER', ms, { fingerprint: 'other', indexesUsed: [] });
    const noise = judge(result([m('baseline', 'NONE', 10), m('ix', 'NONE', 2), faster('baseline', 30), faster('ix', 3)]));
    assert.deepEqual(noise.accepted && noise.guardsServed, [], 'faster without using the index: not served by it');
  });

  it('weighs parameter classes by the geometric mean of their speed-ups', () => {
    const verdict = judge(result([m('baseline', 'HEAVY_HITTER', 37), m('baseline', 'TAIL', 10), m('ix', 'HEAVY_HITTER', 36), m('ix', 'TAIL', 0.38)]));
    assert.ok(verdict.accepted && Math.abs(verdict.comparison.overall - Math.sqrt((37 / 36) * (10 / 0.38))) < 1e-9);
  });
});
