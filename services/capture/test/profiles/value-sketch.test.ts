import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { saltedHash53 } from '../../src/profiles/salted-hash-53.js';
import { ValueSketch } from '../../src/profiles/value-sketch.js';

const SEED = { a: 7, b: 11 };

function feed(sketch: ValueSketch, values: readonly string[]): void {
  for (const value of values) sketch.observe('INTEGER', saltedHash53(value, SEED));
}

describe('ValueSketch', () => {
  it('counts distinct values exactly while there are few', () => {
    const sketch = new ValueSketch();
    feed(sketch, ['1', '2', '3', '1', '2', '1']);
    assert.equal(sketch.sampleCount, 6);
    assert.equal(sketch.distinctEstimate(), 3);
    assert.equal(sketch.topShare(), 0.5);
  });

  it('estimates many distinct values within about 30%', () => {
    const sketch = new ValueSketch();
    feed(sketch, Array.from({ length: 50_000 }, (_, i) => `user-${i}`));
    const estimate = sketch.distinctEstimate();
    assert.ok(estimate > 35_000 && estimate < 65_000, `estimate ${estimate}`);
    // Every value is distinct: no value holds more than a sliver.
    assert.ok(sketch.topShare() < 0.01, `topShare ${sketch.topShare()}`);
  });

  it('finds a heavy hitter among noise (skew)', () => {
    const sketch = new ValueSketch();
    const values: string[] = [];
    for (let i = 0; i < 10_000; i += 1) values.push(i % 10 < 6 ? 'tenant-1' : `tenant-${i}`);
    feed(sketch, values);
    assert.ok(Math.abs(sketch.topShare() - 0.6) < 0.05, `topShare ${sketch.topShare()}`);
  });

  it('reports the most frequent non-NULL type class', () => {
    const sketch = new ValueSketch();
    sketch.observe('NULL', 1);
    sketch.observe('NULL', 1);
    sketch.observe('TEXT', 2);
    assert.equal(sketch.typeClass(), 'TEXT');
    const onlyNull = new ValueSketch();
    onlyNull.observe('NULL', 1);
    assert.equal(onlyNull.typeClass(), 'NULL');
  });

  it('is a salted hash: another salt gives other keys', () => {
    assert.notEqual(saltedHash53('secret', SEED), saltedHash53('secret', { a: 8, b: 11 }));
    assert.equal(saltedHash53('secret', SEED), saltedHash53('secret', SEED));
    assert.ok(saltedHash53('x', SEED) < 2 ** 53);
  });
});
