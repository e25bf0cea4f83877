import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partitionBounds } from '../../src/proposals/partition-bounds.js';

const t = (iso: string) => Date.parse(iso);

describe('partitionBounds', () => {
  it('cuts a short span by day, covering it plus two days ahead', () => {
    const { interval, bounds } = partitionBounds(t('2024-03-01T05:00:00Z'), t('2024-03-04T23:00:00Z'), 24);
    assert.equal(interval, 'day');
    assert.deepEqual(bounds, ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07']);
  });

  it('cuts a two-month span by week on Mondays', () => {
    const { interval, bounds } = partitionBounds(t('2024-01-01T00:00:30Z'), t('2024-03-01T00:00:00Z'), 24);
    assert.equal(interval, 'week');
    assert.equal(bounds[0], '2024-01-01');
    assert.equal(new Date(bounds[1]!).getUTCDay(), 1);
    assert.ok(bounds.at(-3)! > '2024-03-01' || bounds.at(-3) === '2024-03-04');
  });

  it('cuts years by month', () => {
    const { interval, bounds } = partitionBounds(t('2022-05-17T00:00:00Z'), t('2024-05-02T00:00:00Z'), 24);
    assert.equal(interval, 'month');
    assert.equal(bounds[0], '2022-05-01');
    assert.equal(bounds.at(-1), '2024-08-01');
  });
});
