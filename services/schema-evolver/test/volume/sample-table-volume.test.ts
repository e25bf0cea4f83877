import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProductionReader, type ClosableProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { loadVolumeObservations } from '../../src/catalog/load-volume-observations.js';
import { fitVolumeTrend } from '../../src/volume/fit-volume-trend.js';
import { sampleTableVolume } from '../../src/volume/sample-table-volume.js';
import { createCatalogDatabase } from '../support/catalog-database.js';
import { createShopDatabase, type ShopDatabase } from '../support/shop-database.js';

let shop: ShopDatabase;
let reader: ClosableProductionReader;
let catalog: Awaited<ReturnType<typeof createCatalogDatabase>>;

before(async () => {
  [shop, catalog] = await Promise.all([createShopDatabase({ customers: 10, orders: 1_000, events: 10 }, 'st_volume'), createCatalogDatabase()]);
  reader = await createProductionReader({ url: shop.database.url });
});

after(async () => {
  await reader?.close();
  await Promise.all([shop?.close(), catalog?.close()]);
});

describe('sampling production table statistics into volume trends', () => {
  it('reads row counts and sizes through the read-only role, and the samples form a trend', async () => {
    const t0 = Date.UTC(2024, 0, 1);
    assert.equal(await sampleTableVolume(reader, catalog.pool, t0), 3);
    await shop.pool.query(`INSERT INTO orders SELECT g, 1, 'new', 1, '1', now() FROM generate_series(1001, 3000) g; ANALYZE orders`);
    await sampleTableVolume(reader, catalog.pool, t0 + 86_400_000);
    const observations = await loadVolumeObservations(catalog.pool, { schema: 'public', name: 'orders' }, new Date(0));
    assert.deepEqual(observations.map((o) => o.rows), [1000, 3000]);
    assert.ok(observations.every((o) => (o.bytes ?? 0) > 0));
    const trend = fitVolumeTrend(observations)!;
    assert.equal(trend.rowsPerDay, 2000);
  });
});
