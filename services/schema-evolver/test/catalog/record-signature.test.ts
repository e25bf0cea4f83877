import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadWorkload } from '../../src/catalog/load-workload.js';
import { recordSignature } from '../../src/catalog/record-signature.js';
import { createCatalogDatabase } from '../support/catalog-database.js';
import { profile, signatureOf } from '../support/schema-change-lifecycle.js';

let catalog: Awaited<ReturnType<typeof createCatalogDatabase>>;

before(async () => {
  catalog = await createCatalogDatabase();
});

after(async () => {
  await catalog?.close();
});

describe('recordSignature', () => {
  it('folds each event into the workload once: a redelivery changes nothing', async () => {
    const sql = 'SELECT id FROM orders WHERE status = $1';
    const first = { ...signatureOf({ sql, durationMs: 4, relations: ['public.orders'], parameters: [profile(1, 'TEXT', 2, 0.5, 10)], observedAt: 1_000 }), samplingWeight: 10 };
    const second = signatureOf({ sql, durationMs: 6, relations: ['public.orders'], parameters: [profile(1, 'TEXT', 3, 0.4, 20)], observedAt: 2_000 });
    assert.equal(await recordSignature(catalog.pool, first), true);
    assert.equal(await recordSignature(catalog.pool, first), false);
    assert.equal(await recordSignature(catalog.pool, second), true);
    const [statement] = await loadWorkload(catalog.pool, { since: new Date(0), database: null });
    assert.equal(statement!.calls, 11, 'sampling undone: 1 × 10 + 1');
    assert.equal(statement!.totalMs, 46);
    assert.equal(statement!.parameters[0]!.sampleCount, 20, 'the profile built from more samples wins');
    assert.equal(statement!.firstSeenAt, 1_000);
    assert.equal(statement!.lastSeenAt, 2_000);
    const samples = await catalog.pool.query('SELECT count(*)::int AS n FROM shadowtune.evolver_latency_samples');
    assert.equal(samples.rows[0].n, 2);
  });
});
