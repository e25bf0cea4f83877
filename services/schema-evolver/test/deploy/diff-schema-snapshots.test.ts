import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { captureSchemaSnapshot } from '../../src/deploy/capture-schema-snapshot.js';
import { diffSchemaSnapshots } from '../../src/deploy/diff-schema-snapshots.js';
import { createShopDatabase, type ShopDatabase } from '../support/shop-database.js';

let shop: ShopDatabase;

before(async () => {
  shop = await createShopDatabase({ customers: 10, orders: 10, events: 10 }, 'st_diff');
});

after(async () => {
  await shop?.close();
});

describe('diffSchemaSnapshots', () => {
  it('is empty for the same schema, whatever the statistics', async () => {
    const before = await captureSchemaSnapshot(shop.pool);
    await shop.pool.query('INSERT INTO customers SELECT g, $1, $2, 1 FROM generate_series(100, 200) g; ANALYZE customers'.replace('$1', "'n'").replace('$2', "'r'"));
    assert.deepEqual(diffSchemaSnapshots(before, await captureSchemaSnapshot(shop.pool)), []);
  });

  it('names every added, removed or changed object: tables, columns, indexes, constraints, functions, triggers', async () => {
    const before = await captureSchemaSnapshot(shop.pool);
    await shop.pool.query(`
      ALTER TABLE orders ADD COLUMN note text;
      CREATE INDEX orders_status_idx ON orders (status);
      DROP INDEX orders_ref_idx;
      CREATE TABLE extra (id int);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();`);
    const after = await captureSchemaSnapshot(shop.pool);
    assert.deepEqual(
      diffSchemaSnapshots(before, after).map((d) => `${d.object} ${d.change}`).sort(),
      [
        'function public.touch added',
        'index public.orders.orders_ref_idx removed',
        'index public.orders.orders_status_idx added',
        'table public.extra added',
        'table public.orders changed',
        'trigger public.customers.touch added',
      ],
    );
    await shop.pool.query(`
      DROP TRIGGER touch ON customers; DROP FUNCTION touch(); DROP TABLE extra;
      DROP INDEX orders_status_idx; CREATE INDEX orders_ref_idx ON orders (ref); ALTER TABLE orders DROP COLUMN note;`);
    assert.deepEqual(diffSchemaSnapshots(before, await captureSchemaSnapshot(shop.pool)), [], 'undone: no difference (a dropped column leaves none)');
  });
});
