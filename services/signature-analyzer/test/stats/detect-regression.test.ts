import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectRegression } from '../../src/stats/detect-regression.js';
import { addToMoments } from '../../src/stats/add-to-moments.js';
import { EMPTY_MOMENTS, type RunningMoments } from '../../src/stats/running-moments.js';

const settings = { minSamples: 30, significance: 0.001, minRatio: 1.3 };

/** ln-durations of a noisy service: median `median` ms, multiplicative noise about ±40 %. */
function sample(median: number, count: number, seed: number): RunningMoments {
  let state = seed;
  let moments = EMPTY_MOMENTS;
  for (let i = 0; i < count; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const noise = (state / 2 ** 31 - 0.5) * 0.8;
    moments = addToMoments(moments, Math.log(median) + noise);
  }
  return moments;
}

test('a real slowdown (2x, many samples) is a regression', () => {
  const verdict = detectRegression(sample(10, 200, 1), sample(20, 50, 2), settings);
  assert.equal(verdict.regressed, true);
  assert.equal(verdict.basis, 'REGRESSED');
  assert.ok(verdict.ratio > 1.8 && verdict.ratio < 2.2);
  assert.ok(verdict.pValue! < 1e-6);
});

test('one noisy slow sample is not a regression', () => {
  let recent = sample(10, 1, 3);
  recent = addToMoments(recent, Math.log(5_000));
  const verdict = detectRegression(sample(10, 200, 4), recent, settings);
  assert.equal(verdict.regressed, false);
  assert.equal(verdict.basis, 'INSUFFICIENT_SAMPLES');
});

test('a handful of outliers among enough samples is not significant', () => {
  let recent = sample(10, 35, 5);
  for (let i = 0; i < 3; i++) recent = addToMoments(recent, Math.log(60));
  const verdict = detectRegression(sample(10, 200, 6), recent, settings);
  assert.equal(verdict.regressed, false);
  assert.ok(verdict.basis === 'SMALL_EFFECT' || verdict.basis === 'NOT_SIGNIFICANT', verdict.basis);
});

test('a certain but small drift (10 %) is below the effect-size floor', () => {
  const verdict = detectRegression(sample(10, 5_000, 7), sample(11, 5_000, 8), settings);
  assert.equal(verdict.regressed, false);
  assert.equal(verdict.basis, 'SMALL_EFFECT');
});

test('getting faster is never a regression', () => {
  const verdict = detectRegression(sample(20, 200, 9), sample(10, 200, 10), settings);
  assert.equal(verdict.regressed, false);
});
