import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToMoments } from '../../src/stats/add-to-moments.js';
import { EMPTY_MOMENTS, type RunningMoments } from '../../src/stats/running-moments.js';
import { mergeMoments } from '../../src/stats/merge-moments.js';
import { varianceOf } from '../../src/stats/variance-of.js';
import { welchTTest } from '../../src/stats/welch-t-test.js';

function momentsOf(values: readonly number[]): RunningMoments {
  return values.reduce(addToMoments, EMPTY_MOMENTS);
}

test('Welch t statistic and degrees of freedom match the textbook formula', () => {
  // Reference values from scipy.stats (t statistic, Welch–Satterthwaite df, t.sf(t, df)).
  const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
  const b = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];
  const result = welchTTest(momentsOf(a), momentsOf(b))!;
  assert.ok(Math.abs(result.t - 2.225512) < 1e-5, `t ${result.t}`);
  assert.ok(Math.abs(result.degreesOfFreedom - 24.524635) < 1e-5, `df ${result.degreesOfFreedom}`);
  assert.ok(Math.abs(result.pValue - 0.0177423) < 1e-6, `p ${result.pValue}`);
});

test('moments merge like one sample', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5];
  const merged = mergeMoments(momentsOf(values.slice(0, 4)), momentsOf(values.slice(4)));
  const whole = momentsOf(values);
  assert.equal(merged.count, whole.count);
  assert.ok(Math.abs(merged.mean - whole.mean) < 1e-12);
  assert.ok(Math.abs(varianceOf(merged) - varianceOf(whole)) < 1e-9);
});

test('too few values give no test; constant samples give certainty only for a difference', () => {
  assert.equal(welchTTest(momentsOf([1]), momentsOf([1, 2])), null);
  assert.equal(welchTTest(momentsOf([2, 2, 2]), momentsOf([3, 3, 3]))!.pValue, 0);
  assert.equal(welchTTest(momentsOf([2, 2, 2]), momentsOf([2, 2, 2]))!.pValue, 1);
});
