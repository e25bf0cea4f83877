import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { extractStatementUsage } from '../../src/usage/extract-statement-usage.js';
import type { ColumnUse } from '../../src/usage/statement-usage.js';
import { createShopDatabase, type ShopDatabase } from '../support/shop-database.js';

let shop: ShopDatabase;
let model: SchemaModel;

before(async () => {
  shop = await createShopDatabase({ customers: 10, orders: 10, events: 10 }, 'st_usage');
  model = await shop.model();
});

after(async () => {
  await shop?.close();
});

const col = (table: string, column: string): ColumnUse => ({ table: { schema: 'public', name: table }, column });

describe('extractStatementUsage', () => {
  it('reads joins, equality and range filters, casts of columns and the output', () => {
    const usage = extractStatementUsage(
      'SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1 AND o.created_at >= $2 AND $3 > o.created_at AND o.ref::int = $4 ORDER BY o.created_at',
      model,
    );
    assert.equal(usage.kind, 'SELECT');
    assert.deepEqual(usage.tables.map((t) => t.name).sort(), ['customers', 'orders']);
    assert.deepEqual(usage.joins, [{ left: col('customers', 'id'), right: col('orders', 'customer_id') }]);
    assert.deepEqual(
      usage.filters.map((f) => [f.column.column, f.operator, f.bound, f.params, f.castType, f.topLevel]),
      [
        ['status', 'eq', null, [1], null, true],
        ['created_at', 'range', 'lower', [2], null, true],
        ['created_at', 'range', 'upper', [3], null, true],
        ['ref', 'eq', null, [4], 'int4', true],
      ],
    );
    assert.deepEqual(usage.projections, [col('orders', 'id'), col('customers', 'name')]);
    assert.deepEqual(usage.orderBy, [col('orders', 'created_at')]);
    assert.deepEqual(usage.missingColumns, []);
  });

  it('reads JSON keys given as placeholders (as capture publishes them) and as constants', () => {
    const stripped = extractStatementUsage('SELECT id, payload->>$1 FROM events WHERE payload->>$2 = $3 AND created_at BETWEEN $4 AND $5', model);
    assert.deepEqual(
      stripped.jsonReads.map((r) => [r.column.column, r.operator, r.key, r.role, r.comparedParams, r.filterOperator]),
      [
        ['payload', '->>', { kind: 'param', position: 2 }, 'filter', [3], 'eq'],
        ['payload', '->>', { kind: 'param', position: 1 }, 'projection', [], null],
      ],
    );
    assert.deepEqual(stripped.filters.map((f) => [f.column.column, f.operator, f.bound, f.params]), [['created_at', 'range', 'both', [4, 5]]]);
    const literal = extractStatementUsage(`SELECT count(*) FROM events e WHERE (e.payload->>'score')::int > $1 AND e.payload->'device' IS NOT NULL`, model);
    assert.deepEqual(
      literal.jsonReads.map((r) => [r.key, r.castType, r.filterOperator]),
      [
        [{ kind: 'literal', value: 'score' }, 'int4', 'range'],
        [{ kind: 'literal', value: 'device' }, null, 'null'],
      ],
    );
  });

  it('names the columns and tables the schema lacks, with what they are compared or joined with', () => {
    const insert = extractStatementUsage('INSERT INTO shipments (order_id, carrier, shipped_at) VALUES ($1, $2, $3::timestamptz)', model);
    assert.deepEqual(insert.missingTables, [{ schema: 'public', name: 'shipments' }]);
    assert.deepEqual(
      insert.missingColumns.map((m) => [m.table.name, m.tableKnown, m.column, m.params, m.castType]),
      [
        ['shipments', false, 'order_id', [1], null],
        ['shipments', false, 'carrier', [2], null],
        ['shipments', false, 'shipped_at', [3], 'timestamptz'],
      ],
    );
    const select = extractStatementUsage('SELECT o.id, o.priority FROM orders o JOIN shipments s ON s.order_id = o.id WHERE o.priority = $1', model);
    assert.deepEqual(
      select.missingColumns.map((m) => [m.table.name, m.tableKnown, m.column, m.params, m.joinedWith]),
      [
        ['shipments', false, 'order_id', [], col('orders', 'id')],
        ['orders', true, 'priority', [1], null],
      ],
    );
  });

  it('follows correlated subqueries, UPDATE … FROM, DELETE … USING and OR branches', () => {
    const exists = extractStatementUsage('SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = $1) OR c.tier = $2', model);
    assert.deepEqual(exists.joins, [{ left: col('orders', 'customer_id'), right: col('customers', 'id') }]);
    // The subquery's own WHERE is a conjunction of its own; the OR only weakens the outer filter.
    assert.deepEqual(exists.filters.map((f) => [f.column.column, f.topLevel]), [['status', true], ['tier', false]]);
    assert.deepEqual(exists.stars, [{ schema: 'public', name: 'customers' }]);
    const update = extractStatementUsage('UPDATE orders o SET status = $1 FROM customers c WHERE c.id = o.customer_id AND c.region = $2', model);
    assert.equal(update.kind, 'UPDATE');
    assert.deepEqual(update.writtenColumns, [{ ...col('orders', 'status'), params: [1] }]);
    assert.equal(update.joins.length, 1);
    const del = extractStatementUsage('DELETE FROM events USING customers WHERE events.customer_id = customers.id AND customers.tier = $1', model);
    assert.equal(del.kind, 'DELETE');
    assert.deepEqual(del.joins, [{ left: col('events', 'customer_id'), right: col('customers', 'id') }]);
  });

  it('leaves out what cannot be attributed to one table', () => {
    const derived = extractStatementUsage('SELECT x.n FROM (SELECT count(*) AS n FROM orders) x WHERE x.n > $1', model);
    assert.deepEqual(derived.filters, []);
    assert.deepEqual(derived.missingColumns, []);
    const ambiguous = extractStatementUsage('SELECT id FROM orders, customers WHERE id = $1', model);
    assert.deepEqual(ambiguous.filters, []);
    const cte = extractStatementUsage('WITH recent AS (SELECT * FROM orders WHERE created_at > $1) SELECT count(*) FROM recent', model);
    assert.deepEqual(cte.missingTables, []);
    assert.deepEqual(cte.filters.map((f) => f.column.column), ['created_at']);
  });

  it('raises STATEMENT_UNPARSABLE without quoting the statement', () => {
    assert.throws(
      () => extractStatementUsage('SELEC secret_value FROM', model),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'STATEMENT_UNPARSABLE' && !error.message.includes('secret_value'),
    );
  });
});
