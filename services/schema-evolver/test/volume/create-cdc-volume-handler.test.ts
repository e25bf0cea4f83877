import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RawBusEvent } from '@shadowtune/shared/bus/bus';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { loadVolumeObservations } from '../../src/catalog/load-volume-observations.js';
import { recordVolumeObservations } from '../../src/catalog/record-volume-observations.js';
import { createCdcVolumeHandler } from '../../src/volume/create-cdc-volume-handler.js';
import { createCatalogDatabase } from '../support/catalog-database.js';

let catalog: Awaited<ReturnType<typeof createCatalogDatabase>>;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function event(offset: number, op: string, tsMs: number, envelope = true): RawBusEvent {
  const change = { op, ts_ms: tsMs, source: { schema: 'public', table: 'events' }, after: { id: offset } };
  return { topic: 'cdc.public.events', key: null, value: Buffer.from(JSON.stringify(envelope ? { schema: {}, payload: change } : change)), partition: 0, offset: String(offset), timestamp: tsMs, headers: {} };
}

before(async () => {
  catalog = await createCatalogDatabase();
});

after(async () => {
  await catalog?.close();
});

describe('CDC events as volume observations', () => {
  it('counts inserts and deletes per table and hour, once per event, and anchors them on the statistics', async () => {
    const handle = createCdcVolumeHandler(catalog.pool);
    await recordVolumeObservations(catalog.pool, [{ table: { schema: 'public', name: 'events' }, at: T0, rows: 1000, bytes: null, source: 'statistics' }]);
    await handle(event(1, 'c', T0 + HOUR + 1));
    await handle(event(2, 'c', T0 + HOUR + 2, false));
    await handle(event(3, 'u', T0 + HOUR + 3));
    await handle(event(4, 'r', T0 + HOUR + 4));
    await handle(event(5, 'c', T0 + 2 * HOUR + 5));
    await handle(event(6, 'd', T0 + 2 * HOUR + 6));
    await handle(event(7, 'c', T0 + 2 * HOUR + 7));
    await handle(event(7, 'c', T0 + 2 * HOUR + 7));
    const observations = await loadVolumeObservations(catalog.pool, { schema: 'public', name: 'events' }, new Date(0));
    assert.deepEqual(
      observations.map((o) => [o.source, (o.at - T0) / HOUR, o.rows]),
      [
        ['statistics', 0, 1000],
        ['cdc', 2, 1003],
        ['cdc', 1, 1002],
      ],
    );
  });

  it('refuses a malformed event with INPUT_INVALID (the bus dead-letters it) and ignores tombstones', async () => {
    const handle = createCdcVolumeHandler(catalog.pool);
    await handle({ ...event(9, 'c', T0), value: null });
    for (const value of ['not json', JSON.stringify({ payload: { op: 'c' } })]) {
      await assert.rejects(handle({ ...event(10, 'c', T0), value: Buffer.from(value) }), (error: unknown) => error instanceof ShadowtuneError && error.code === 'INPUT_INVALID');
    }
  });
});
