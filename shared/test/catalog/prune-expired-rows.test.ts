import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pruneExpiredRows } from '../../src/catalog/prune-expired-rows.js';
import { runMigrations } from '../../src/catalog/run-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 22);

describe('pruneExpiredRows', () => {
  let database: TestDatabase;
  let catalog: pg.Pool;

  before(async () => {
    database = await createTestDatabase('st_prune');
    catalog = new pg.Pool({ connectionString: database.url, max: 2 });
    const client = await catalog.connect();
    await runMigrations(client).finally(() => client.release());
  });
  after(async () => {
    await catalog?.end();
    await database?.drop();
  });

  it('deletes the rows older than each rule keeps, in batches, and nothing newer', async () => {
    // 12,000 expired ids (three batches) and 10 fresh ones; samples 40 and 1 days old.
    await catalog.query(`INSERT INTO shadowtune.evolver_seen_events (event_id, seen_at) SELECT 'old-' || g, $1::timestamptz - interval '20 days' FROM generate_series(1, 12000) g`, [new Date(NOW)]);
    await catalog.query(`INSERT INTO shadowtune.evolver_seen_events (event_id, seen_at) SELECT 'new-' || g, $1::timestamptz - interval '1 hour' FROM generate_series(1, 10) g`, [new Date(NOW)]);
    await catalog.query(
      `INSERT INTO shadowtune.latency_samples (fingerprint, bucket_start, calls, total_ms) VALUES ('fp', $1::timestamptz - interval '40 days', 1, 1), ('fp', $1::timestamptz - interval '1 day', 1, 1)`,
      [new Date(NOW)],
    );
    const deleted = await pruneExpiredRows(
      catalog,
      [
        { table: 'evolver_seen_events', column: 'seen_at', keepMs: 14 * DAY_MS },
        { table: 'latency_samples', column: 'bucket_start', keepMs: 30 * DAY_MS },
      ],
      NOW,
    );
    assert.deepEqual(deleted, { evolver_seen_events: 12_000, latency_samples: 1 });
    const ids = await catalog.query<{ id: string }>('SELECT event_id AS id FROM shadowtune.evolver_seen_events ORDER BY 1');
    assert.deepEqual(ids.rows.map((r) => r.id), Array.from({ length: 10 }, (_, i) => `new-${i + 1}`).sort());
    const samples = await catalog.query<{ n: number }>('SELECT count(*)::int AS n FROM shadowtune.latency_samples');
    assert.equal(samples.rows[0]?.n, 1);
    assert.deepEqual(await pruneExpiredRows(catalog, [{ table: 'latency_samples', column: 'bucket_start', keepMs: 30 * DAY_MS }], NOW), { latency_samples: 0 });
  });
});
