import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { mapPlaceholderColumns } from '../../src/service/map-placeholder-columns.js';
import { createShadowFixture, type ShadowFixture } from '../support/shadow-fixture.js';
import { WIDE_SCHEMA_SQL } from '../support/wide-schema.js';

describe('mapPlaceholderColumns', () => {
  let fixture: ShadowFixture;
  let model: SchemaModel;
  before(async () => {
    fixture = await createShadowFixture(WIDE_SCHEMA_SQL, 0);
    model = fixture.model;
  });
  after(() => fixture.drop());

  it('finds the column each placeholder is compared with, through aliases', () => {
    const sql = 'SELECT * FROM public.orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1 AND c.country IN ($2, $3) AND $4 < total AND placed_at BETWEEN $5 AND $6 AND email LIKE $7 AND o.id = ANY($8) AND length(notes) > $9';
    const mapped = mapPlaceholderColumns(sql, model).map((p) => [p.position, `${p.table}.${p.column}`, p.parameterType]);
    assert.deepEqual(mapped, [
      [1, 'orders.status', 'public.order_status'],
      [2, 'customers.country', 'character(2)'],
      [3, 'customers.country', 'character(2)'],
      [4, 'orders.total', 'numeric(14,2)'],
      [5, 'orders.placed_at', 'timestamp without time zone'],
      [6, 'orders.placed_at', 'timestamp without time zone'],
      [7, 'customers.email', 'text'],
      [8, 'orders.id', 'bigint[]'],
    ]);
  });

  it('returns nothing for a statement it cannot parse', () => {
    assert.deepEqual(mapPlaceholderColumns('SELEC nonsense $1', model), []);
  });
});
