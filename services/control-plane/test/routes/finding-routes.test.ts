import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

describe('/findings and /signatures over HTTP', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    // Rows as the signature-analyzer writes them (its migration 0200).
    for (const [id, severity, minutesAgo] of [['f-1', 'HIGH', 3], ['f-2', 'LOW', 2], ['f-3', 'HIGH', 1]] as const) {
      await api.catalog.pool.query(
        `INSERT INTO shadowtune.analyzer_findings (finding_id, fingerprint, patterns, severity, revision, content_hash, finding, first_detected_at, updated_at)
         VALUES ($1, $2, ARRAY['FULL_TABLE_SCAN'], $3, 1, 'h', $4, now() - interval '1 hour', now() - $5 * interval '1 minute')`,
        [id, `fp-${id}`, severity, JSON.stringify({ findingId: id, normalizedSql: `SELECT * FROM t${id.slice(2)} WHERE a = $1`, severity }), minutesAgo],
      );
    }
    for (const [fingerprint, total] of [['fp-a', 500], ['fp-b', 9000], ['fp-c', 500], ['fp-d', null]] as const) {
      await api.catalog.pool.query(
        `INSERT INTO shadowtune.signature_stats (fingerprint, first_seen, last_seen, lifetime_calls, window_calls, mean_ms, total_ms, state) VALUES ($1, now(), now(), 10, 5, 1.5, $2, '{}')`,
        [fingerprint, total],
      );
    }
    await api.catalog.pool.query(
      `INSERT INTO shadowtune.signature_examinations (fingerprint, normalized_sql, statement_kind, examined_at, trigger, outcome, reason_code) VALUES ('fp-b', 'SELECT * FROM orders WHERE customer_id = $1', 'SELECT', now(), 'threshold', 'no_finding', 'BELOW_THRESHOLD')`,
    );
  });
  after(async () => {
    await api.close();
  });

  it('lists findings by recency, filtered by severity, and shows one in full', async () => {
    const page = await api.request('GET', '/findings?limit=2');
    assert.deepEqual(page.body.items.map((f: { findingId: string }) => f.findingId), ['f-3', 'f-2']);
    assert.equal(page.body.items[0].normalizedSql, 'SELECT * FROM t3 WHERE a = $1');
    const rest = await api.request('GET', `/findings?limit=2&cursor=${page.body.nextCursor}`);
    assert.deepEqual(rest.body.items.map((f: { findingId: string }) => f.findingId), ['f-1']);
    const high = await api.request('GET', '/findings?severity=HIGH');
    assert.deepEqual(high.body.items.map((f: { findingId: string }) => f.findingId), ['f-3', 'f-1']);
    assert.equal((await api.request('GET', '/findings?severity=SEVERE')).status, 400);
    const one = await api.request('GET', '/findings/f-1');
    assert.equal(one.body.finding.severity, 'HIGH');
    assert.equal((await api.request('GET', '/findings/f-9')).status, 404);
  });

  it('lists signatures by total time, highest first, with ties in fingerprint order, page by page', async () => {
    const first = await api.request('GET', '/signatures?limit=2');
    assert.deepEqual(first.body.items.map((s: { fingerprint: string; totalMs: number }) => [s.fingerprint, s.totalMs]), [['fp-b', 9000], ['fp-a', 500]]);
    assert.equal(first.body.items[0].normalizedSql, 'SELECT * FROM orders WHERE customer_id = $1');
    const second = await api.request('GET', `/signatures?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((s: { fingerprint: string; totalMs: number }) => [s.fingerprint, s.totalMs]), [['fp-c', 500], ['fp-d', 0]]);
    assert.equal(second.body.nextCursor, null);
  });
});
