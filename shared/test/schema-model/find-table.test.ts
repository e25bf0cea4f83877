import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { findColumn, findTable } from '../../src/schema-model/find-table.js';
import { introspectSchema } from '../../src/schema-model/introspect-schema.js';
import type { SchemaModel } from '../../src/schema-model/schema-model.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

describe('findTable and findColumn', () => {
  let database: TestDatabase;
  let model: SchemaModel;

  before(async () => {
    database = await createTestDatabase('st_find_table');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`
        CREATE SCHEMA sales;
        CREATE SCHEMA "Mixed Case";
        CREATE TABLE public.items (id integer, "Label" text);
        CREATE TABLE sales.items (sku text);
        CREATE TABLE sales.only_in_sales (x integer);
        CREATE TABLE "Mixed Case"."Items" (id integer);
        CREATE VIEW public.item_view AS SELECT id FROM public.items;`);
      model = await introspectSchema(client);
    } finally {
      await client.end();
    }
  });

  after(async () => {
    await database?.drop();
  });

  it('resolves a qualified name exactly', () => {
    assert.equal(findTable(model, 'sales', 'items')?.columns[0]?.name, 'sku');
    assert.equal(findTable(model, 'Mixed Case', 'Items')?.schema, 'Mixed Case');
    assert.equal(findTable(model, 'mixed case', 'items'), null, 'names are compared as the server stores them');
    assert.equal(findTable(model, 'sales', 'missing'), null);
  });

  it('resolves an unqualified name through the search path, public by default', () => {
    assert.equal(findTable(model, null, 'items')?.schema, 'public');
    assert.equal(findTable(model, null, 'items', ['sales', 'public'])?.schema, 'sales');
    assert.equal(findTable(model, null, 'items', ['$user', 'sales'])?.schema, 'sales', '$user is skipped');
    assert.equal(findTable(model, null, 'only_in_sales'), null, 'not on the default path');
    assert.equal(findTable(model, null, 'only_in_sales', ['public', 'sales'])?.schema, 'sales');
    assert.equal(findTable(model, null, 'item_view')?.kind, 'view');
    assert.equal(findTable(model, null, 'items', []), null);
  });

  it('finds a column by its exact name', () => {
    const items = findTable(model, 'public', 'items');
    assert.ok(items);
    assert.equal(findColumn(items, 'Label')?.position, 2);
    assert.equal(findColumn(items, 'label'), null);
    assert.equal(findColumn(items, 'id')?.typeName, 'int4');
  });
});
