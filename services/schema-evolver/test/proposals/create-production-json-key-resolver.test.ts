import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProductionReader, type ClosableProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { createProductionJsonKeyResolver } from '../../src/proposals/create-production-json-key-resolver.js';
import { profile } from '../support/schema-change-lifecycle.js';
import { createShopDatabase, type ShopDatabase } from '../support/shop-database.js';

let shop: ShopDatabase;
let reader: ClosableProductionReader;
const table = { schema: 'public', name: 'events' };

before(async () => {
  shop = await createShopDatabase({ customers: 10, orders: 10, events: 3_000 }, 'st_keys');
  reader = await createProductionReader({ url: shop.database.url });
});

after(async () => {
  await reader?.close();
  await shop?.close();
});

describe('resolving a JSON key capture replaced by a placeholder', () => {
  const resolve = () => createProductionJsonKeyResolver(reader, { sampleRows: 10_000, margin: 2 });

  it('picks the key whose values look like the compared values: few text values, a unique text, a number', async () => {
    const few = await resolve()({ table, column: 'payload', valueProfiles: [profile(2, 'TEXT', 3, 0.36, 40)], rowEstimate: 3_000 });
    assert.equal(few.kind === 'resolved' && few.key, 'device');
    const unique = await resolve()({ table, column: 'payload', valueProfiles: [profile(2, 'TEXT', 40, 0.025, 40)], rowEstimate: 3_000 });
    assert.equal(unique.kind === 'resolved' && unique.key, 'session');
    const number = await resolve()({ table, column: 'payload', valueProfiles: [profile(2, 'INTEGER', 35, 0.05, 40)], rowEstimate: 3_000 });
    assert.equal(number.kind === 'resolved' && number.key, 'score');
  });

  it('says ambiguous when two keys fit about as well, or when nothing is compared', async () => {
    await shop.pool.query(`UPDATE events SET payload = payload || jsonb_build_object('os', (ARRAY['a','b','c'])[1 + id % 3])`);
    const both = await resolve()({ table, column: 'payload', valueProfiles: [profile(2, 'TEXT', 3, 0.34, 40)], rowEstimate: 3_000 });
    assert.equal(both.kind, 'ambiguous');
    const none = await resolve()({ table, column: 'payload', valueProfiles: [], rowEstimate: 3_000 });
    assert.equal(none.kind, 'ambiguous');
  });
});
