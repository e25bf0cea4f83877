import assert from 'node:assert/strict';
import { test } from 'node:test';
import { walkPlan } from '../../src/plan/walk-plan.js';

const PLAN = [
  {
    Plan: {
      'Node Type': 'Limit',
      'Startup Cost': 10,
      'Total Cost': 20,
      'Plan Rows': 10,
      'Plan Width': 8,
      Plans: [
        {
          'Node Type': 'Sort',
          'Parent Relationship': 'Outer',
          'Startup Cost': 9,
          'Total Cost': 19,
          'Plan Rows': 1000,
          'Plan Width': 8,
          'Sort Key': ['t.total DESC'],
          Plans: [
            { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Relation Name': 't', Schema: 'public', Alias: 't', 'Startup Cost': 0, 'Total Cost': 5, 'Plan Rows': 1000, 'Plan Width': 8, Filter: '(t.a = $1)' },
          ],
        },
      ],
    },
  },
];

test('flattens a plan in pre-order with parent links, from JSON text or objects', () => {
  for (const input of [PLAN, JSON.stringify(PLAN), PLAN[0], PLAN[0]!.Plan]) {
    const plan = walkPlan(input);
    assert.deepEqual(plan.nodes.map((n) => n.nodeType), ['Limit', 'Sort', 'Seq Scan']);
    assert.deepEqual(plan.nodes.map((n) => n.parentId), [null, 0, 1]);
    assert.deepEqual(plan.nodes.map((n) => n.depth), [0, 1, 2]);
    assert.equal(plan.nodes[2]!.filter, '(t.a = $1)');
    assert.deepEqual(plan.nodes[1]!.sortKey, ['t.total DESC']);
    assert.equal(plan.totalCost, 20);
  }
});

test('something that is not a plan is an INPUT_INVALID error', () => {
  assert.throws(() => walkPlan('not json'), { code: 'INPUT_INVALID' });
  assert.throws(() => walkPlan([{ nope: 1 }]), { code: 'INPUT_INVALID' });
});
