import assert from 'node:assert/strict';
import { test } from 'node:test';
import { studentTUpperTail } from '../../src/stats/student-t-upper-tail.js';

// Critical values from standard t tables: P(T > t) = p.
const TABLE: readonly [number, number, number][] = [
  [1.812461, 10, 0.05],
  [2.763769, 10, 0.01],
  [2.045230, 29, 0.025],
  [3.396240, 29, 0.001],
  [1.644854, 1e7, 0.05],
  [12.7062, 1, 0.025],
];

test('upper tail matches t tables', () => {
  for (const [t, df, p] of TABLE) {
    const got = studentTUpperTail(t, df);
    assert.ok(Math.abs(got - p) / p < 1e-3, `t=${t} df=${df}: ${got} vs ${p}`);
  }
});

test('symmetry and limits', () => {
  assert.ok(Math.abs(studentTUpperTail(0, 7) - 0.5) < 1e-12);
  assert.ok(Math.abs(studentTUpperTail(-1.812461, 10) - 0.95) < 1e-4);
  assert.equal(studentTUpperTail(Infinity, 5), 0);
  assert.equal(studentTUpperTail(-Infinity, 5), 1);
});
