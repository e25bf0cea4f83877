import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DurationSketch } from '../../src/stats/duration-sketch.js';

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

test('quantiles stay within 1 % relative error on a log-normal sample', () => {
  const sketch = new DurationSketch(512);
  const values: number[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 20_000; i++) {
    // Box–Muller: ln(duration) ~ N(1, 1.2²)
    const z = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
    const value = Math.exp(1 + 1.2 * z);
    values.push(value);
    sketch.add(value);
  }
  values.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.95, 0.99]) {
    const exact = exactQuantile(values, q);
    const estimate = sketch.quantile(q)!;
    assert.ok(Math.abs(estimate - exact) / exact <= 0.011, `q${q}: ${estimate} vs ${exact}`);
  }
});

test('memory is bounded: lowest buckets collapse, high quantiles keep their accuracy', () => {
  const sketch = new DurationSketch(32);
  for (let i = 1; i <= 100_000; i++) sketch.add(i / 100);
  assert.ok(sketch.bucketCount <= 32);
  const p99 = sketch.quantile(0.99)!;
  assert.ok(Math.abs(p99 - 990) / 990 < 0.02, `p99 ${p99}`);
});

test('weights count like repeated values; bad input is ignored', () => {
  const weighted = new DurationSketch();
  weighted.add(10, 95);
  weighted.add(1000, 5);
  weighted.add(Number.NaN);
  weighted.add(-1);
  weighted.add(5, 0);
  assert.equal(weighted.totalWeight, 100);
  assert.ok(Math.abs(weighted.quantile(0.95)! - 10) / 10 < 0.011);
  assert.ok(Math.abs(weighted.quantile(0.96)! - 1000) / 1000 < 0.011);
  assert.equal(new DurationSketch().quantile(0.5), null);
});

test('state round-trips through JSON and merges', () => {
  const a = new DurationSketch();
  const b = new DurationSketch();
  for (let i = 1; i <= 100; i++) a.add(i);
  for (let i = 101; i <= 200; i++) b.add(i);
  const restored = new DurationSketch(256, JSON.parse(JSON.stringify(a.toState())));
  restored.merge(b);
  assert.equal(restored.totalWeight, 200);
  assert.ok(Math.abs(restored.quantile(0.5)! - 100) / 100 < 0.011);
  assert.ok(restored.quantile(0)! < 1.02);
});
