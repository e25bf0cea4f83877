import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolumeObservation } from '../../src/analysis/data-analysis-results.js';
import { fitVolumeTrend } from '../../src/volume/fit-volume-trend.js';

const DAY = 86_400_000;
const table = { schema: 'public', name: 'events' };
const at = (day: number, rows: number): VolumeObservation => ({ table, at: Date.UTC(2024, 0, 1) + day * DAY, rows, bytes: rows * 100, source: 'statistics' });

describe('fitVolumeTrend', () => {
  it('fits the growth of a steadily growing table exactly', () => {
    const trend = fitVolumeTrend([at(0, 1000), at(1, 2000), at(2, 3000), at(3, 4000)])!;
    assert.equal(trend.rowsPerDay, 1000);
    assert.equal(trend.rows, 4000);
    assert.equal(trend.growthPerDay, 0.25);
    assert.equal(trend.rSquared, 1);
    assert.equal(trend.observations, 4);
  });

  it('gives a flat table no growth and a noisy one a low R²', () => {
    assert.equal(fitVolumeTrend([at(0, 500), at(1, 500), at(2, 500)])!.rowsPerDay, 0);
    assert.ok(fitVolumeTrend([at(0, 500), at(1, 900), at(2, 400), at(3, 800), at(4, 450)])!.rSquared < 0.2);
  });

  it('needs two observations at different times', () => {
    assert.equal(fitVolumeTrend([at(0, 1)]), null);
    assert.equal(fitVolumeTrend([at(1, 1), at(1, 2)]), null);
  });
});
