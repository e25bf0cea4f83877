import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizePlan, type ExplainNode } from '../../src/measure/summarize-plan.js';
import { summarizeTimings } from '../../src/measure/summarize-timings.js';

const seq = (relation: string, rows: number, removed: number, filter?: string): ExplainNode => ({
  'Node Type': 'Seq Scan',
  'Relation Name': relation,
  Schema: 'public',
  'Total Cost': rows / 10,
  'Actual Rows': rows,
  'Actual Loops': 1,
  'Rows Removed by Filter': removed,
  ...(filter ? { Filter: filter } : {}),
});

describe('summarizePlan', () => {
  it('names scans, joins and sorts and derives the concept figures', () => {
    const plan: ExplainNode = {
      'Node Type': 'Sort',
      Plans: [
        {
          'Node Type': 'Hash Join',
          'Total Cost': 900,
          Plans: [
            { 'Node Type': 'Index Scan', 'Index Name': 'orders_status_idx', 'Relation Name': 'orders', Schema: 'public', 'Total Cost': 10, 'Actual Rows': 5 },
            { 'Node Type': 'Hash', Plans: [seq('customers', 50_000, 0)] },
          ],
        },
      ],
    };
    const summary = summarizePlan(plan, 10_000);
    assert.deepEqual(summary.planShape, ['Sort', 'Hash Join', 'Index Scan using orders_status_idx on public.orders', 'Seq Scan on public.customers']);
    assert.deepEqual(summary.indexesUsed, ['orders_status_idx']);
    assert.equal(summary.joinCost, 900);
    assert.equal(summary.missingJoinIndex, true);
    assert.equal(summary.fullTableScan, true);
    assert.equal(summary.missingFilterIndex, false, 'no filter on that scan');
  });

  it('calls a large sequential scan whose filter throws away most rows a missing filter index, and a small one nothing', () => {
    const large = summarizePlan(seq('orders', 100, 99_900, '(status = $1)'), 10_000);
    assert.equal(large.missingFilterIndex, true);
    assert.ok(large.filterCost > 0);
    const small = summarizePlan(seq('orders', 10, 990, '(status = $1)'), 10_000);
    assert.equal(small.fullTableScan, false);
    assert.equal(small.missingFilterIndex, false);
  });
});

describe('summarizeTimings', () => {
  it('gives median, nearest-rank p95, min and max', () => {
    assert.deepEqual(summarizeTimings([5, 1, 3, 2, 4]), { median: 3, p95: 5, min: 1, max: 5 });
    assert.deepEqual(summarizeTimings([1, 2, 3, 4]), { median: 2.5, p95: 4, min: 1, max: 4 });
    assert.deepEqual(summarizeTimings([]), { median: 0, p95: 0, min: 0, max: 0 });
  });
});
