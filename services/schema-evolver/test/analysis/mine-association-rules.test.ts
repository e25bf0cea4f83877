import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { analyzeFrequentQueries } from '../../src/analysis/analyze-frequent-queries.js';
import type { WorkloadStatement } from '../../src/workload/workload-statement.js';
import { createShopDatabase, type ShopDatabase } from '../support/shop-database.js';

let shop: ShopDatabase;
let model: SchemaModel;
const settings = { minSupport: 0.1, minConfidence: 0.5, minLift: 1, maxIndexColumns: 3, maxIncludeColumns: 3, decayHalfLifeMs: null };

function statement(sql: string, totalMs: number, calls = 10): WorkloadStatement {
  return { fingerprint: sql, normalizedSql: sql, statementKind: 'SELECT', parsed: true, database: null, calls, totalMs, parameters: [], firstSeenAt: 0, lastSeenAt: 0 };
}

before(async () => {
  shop = await createShopDatabase({ customers: 50, orders: 2_000, events: 10 }, 'st_rules');
  model = await shop.model();
});

after(async () => {
  await shop?.close();
});

describe('association rules over the filter columns of a table', () => {
  it('computes support, confidence and lift weighted by time spent', () => {
    const { frequentQueries } = analyzeFrequentQueries(
      [
        statement('SELECT id FROM orders WHERE status = $1 AND customer_id = $2', 60),
        statement('SELECT id FROM orders WHERE status = $1', 20),
        statement('SELECT id FROM orders WHERE customer_id = $1 AND created_at >= $2', 20),
      ],
      model,
      settings,
      0,
    );
    const rule = (x: string, y: string) => frequentQueries.associationRules.find((r) => r.antecedent.join() === x && r.consequent.join() === y)!;
    const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
    // support(status) = 0.8, support(customer_id) = 0.8, support(both) = 0.6
    close(rule('status', 'customer_id').support, 0.6);
    close(rule('status', 'customer_id').confidence, 0.75);
    close(rule('status', 'customer_id').lift, 0.75 / 0.8);
    // support(customer_id, created_at) = 0.2; confidence(created_at → customer_id) = 1; lift = 1 / 0.8
    close(rule('created_at', 'customer_id').confidence, 1);
    close(rule('created_at', 'customer_id').lift, 1.25);
    const sets = frequentQueries.frequentColumnSets.map((s) => [s.columns.join(','), s.equalityCount]);
    // {status, customer_id} has lift < 1 (used together less than by chance): no composite set.
    assert.deepEqual(sets.sort(), [['customer_id,created_at', 1], ['status', 1]].sort());
  });

  it('weighs statements by time spent, so a rare slow statement outweighs a frequent fast one', () => {
    const { frequentQueries } = analyzeFrequentQueries(
      [statement('SELECT id FROM orders WHERE status = $1', 1, 1000), statement('SELECT id FROM orders WHERE total > $1', 99, 1)],
      model,
      settings,
      0,
    );
    const filtered = frequentQueries.hotColumns.filter((c) => c.filterWeight > 0).map((c) => [c.column, Math.round(c.share * 100) / 100]);
    assert.deepEqual(filtered, [
      ['total', 0.99],
      ['status', 0.01],
    ]);
  });
});
