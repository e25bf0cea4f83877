import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderLoadUnits, type DependencyEdge } from '../../src/plan/order-load-units.js';

const edge = (child: string, parent: string, constraint: string, deferrable = false, nullable = false): DependencyEdge => ({ child, parent, constraint, deferrable, nullable });

describe('orderLoadUnits', () => {
  it('puts parents first in a chain and keeps independent tables independent', () => {
    const order = orderLoadUnits(['c', 'b', 'a', 'x'], [edge('c', 'b', 'c_b'), edge('b', 'a', 'b_a')]);
    const flat = order.units.flatMap((u) => u.tables);
    assert.ok(flat.indexOf('a') < flat.indexOf('b') && flat.indexOf('b') < flat.indexOf('c'));
    const unitOf = (t: string) => order.units.findIndex((u) => u.tables.includes(t));
    assert.deepEqual(order.units[unitOf('c')]?.dependsOn, [unitOf('b')]);
    assert.deepEqual(order.units[unitOf('x')]?.dependsOn, []);
    assert.equal(order.brokenEdges.size, 0);
  });

  it('ignores self-references', () => {
    const order = orderLoadUnits(['t'], [edge('t', 't', 'tree')]);
    assert.deepEqual(order.units, [{ tables: ['t'], dependsOn: [], deferred: false }]);
  });

  it('breaks a cycle at a deferrable key first, then at a nullable one', () => {
    const deferred = orderLoadUnits(['a', 'b'], [edge('a', 'b', 'a_b', false, true), edge('b', 'a', 'b_a', true, false)]);
    assert.equal(deferred.units.length, 1);
    assert.equal(deferred.units[0]?.deferred, true);
    assert.deepEqual([...deferred.brokenEdges], [['b|b_a', 'deferred']]);
    assert.deepEqual(deferred.units[0]?.tables, ['b', 'a']);
    const nullable = orderLoadUnits(['a', 'b'], [edge('a', 'b', 'a_b', false, false), edge('b', 'a', 'b_a', false, true)]);
    assert.deepEqual([...nullable.brokenEdges], [['b|b_a', 'drop-and-readd']]);
    assert.equal(nullable.units[0]?.deferred, false);
  });

  it('handles a three-table cycle with a tail', () => {
    const order = orderLoadUnits(['a', 'b', 'c', 'd'], [edge('a', 'b', 'ab'), edge('b', 'c', 'bc'), edge('c', 'a', 'ca', false, true), edge('d', 'c', 'dc')]);
    assert.equal(order.units.length, 2);
    assert.deepEqual(order.units[0]?.tables, ['c', 'b', 'a']);
    assert.deepEqual(order.units[1], { tables: ['d'], dependsOn: [0], deferred: false });
    assert.equal(order.brokenEdges.size, 1);
  });
});
