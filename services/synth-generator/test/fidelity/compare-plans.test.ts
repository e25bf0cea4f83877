import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePlans } from '../../src/fidelity/compare-plans.js';
import { parsePlanExcerpt } from '../../src/fidelity/parse-plan-excerpt.js';
import { summarizePlan } from '../../src/fidelity/summarize-plan.js';

const plan = (rows: number, scan = 'Seq Scan') => [{ Plan: { 'Node Type': 'Hash Join', 'Plan Rows': rows, Plans: [{ 'Node Type': scan, 'Relation Name': 'orders', 'Plan Rows': rows * 10, ...(scan === 'Index Scan' ? { 'Index Name': 'orders_pkey' } : {}) }, { 'Node Type': 'Hash', 'Plan Rows': 50, Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'customers', 'Plan Rows': 50 }] }] } }];

describe('comparePlans', () => {
  it('accepts the same shape and reports the worst row-estimate ratio', () => {
    const result = comparePlans(summarizePlan(plan(100)), summarizePlan(plan(400)), false);
    assert.equal(result.sameShape, true);
    assert.equal(result.rowEstimateRatio, 4);
    assert.deepEqual(result.notes, []);
  });

  it('names a different shape', () => {
    const result = comparePlans(summarizePlan(plan(100, 'Index Scan')), summarizePlan(plan(100)), false);
    assert.equal(result.sameShape, false);
    assert.equal(result.rowEstimateRatio, null);
    assert.match(result.notes[0] ?? '', /Index Scan using orders_pkey on orders/);
  });

  it('matches an excerpt\'s nodes in order inside the shadow plan', () => {
    const excerpt = parsePlanExcerpt('Hash Join  (cost=1.00..9.00 rows=90 width=8)\n  ->  Seq Scan on public.orders o  (cost=0.00..5.00 rows=900 width=8)\n        Filter: (status = $1)');
    assert.deepEqual(excerpt.map((n) => [n.nodeType, n.relation, n.planRows]), [['Hash Join', null, 90], ['Seq Scan', 'orders', 900]]);
    const same = comparePlans(summarizePlan(plan(100)), excerpt, true);
    assert.equal(same.sameShape, true);
    assert.equal(same.rowEstimateRatio, 100 / 90);
    const missing = comparePlans(summarizePlan(plan(100)), parsePlanExcerpt('Bitmap Heap Scan on orders  (cost=1.00..2.00 rows=5 width=8)'), true);
    assert.equal(missing.sameShape, false);
    assert.match(missing.notes[0] ?? '', /Bitmap Heap Scan on orders/);
  });
});
