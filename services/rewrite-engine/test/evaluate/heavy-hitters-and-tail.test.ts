import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { measureRequest } from '@shadowtune/bench-runner/measure/measure-request';
import type { BenchResult } from '@shadowtune/shared/contracts/generated-types';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { judgeCandidate } from '../../src/evaluate/judge-candidate.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_hh_tail');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // 'hot' rows are the newest; the rare categories hold the oldest rows, scattered over the heap.
  await client.query(`CREATE TABLE events (id int PRIMARY KEY, category text NOT NULL, created_at timestamptz NOT NULL, payload text);
    INSERT INTO events SELECT g, CASE WHEN g <= 6000 THEN 'rare_' || (g % 20) ELSE 'hot' END, timestamptz '2024-01-01' + g * interval '1 second', repeat('x', 100)
    FROM generate_series(1, 200000) g ORDER BY random();
    ANALYZE events;`);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

describe('an index that helps heavy hitters but hurts the tail', () => {
  it('is measured per parameter class and reported as HURTS_TAIL', async () => {
    const query = 'SELECT id FROM events WHERE category = $1 ORDER BY created_at DESC LIMIT $2';
    const measured = await measureRequest(
      client,
      {
        requestId: 'hh',
        fingerprint: 'fp',
        datasetId: null,
        variants: [
          { variantId: 'baseline', kind: 'BASELINE', setupSql: [], teardownSql: [], querySql: query },
          { variantId: 'ix', kind: 'INDEX', setupSql: ['CREATE INDEX "events_created_at_idx" ON "public"."events" ("created_at")'], teardownSql: ['DROP INDEX IF EXISTS "public"."events_created_at_idx"'], querySql: query },
        ],
        guards: [],
        runs: 3,
        warmupRuns: 1,
        statementTimeoutMs: 20_000,
        requestedAt: 0,
        checkEquivalence: false,
        measureWriteCost: false,
        findingIds: [],
        parameterHints: {},
      },
      { parameterSetsPerClass: 2, heavyHitterValues: 1, limitValue: 20, offsetValue: 0, adversarialRows: 5, writeCostRows: 100, writeCostRepeats: 1, lockTimeoutMs: 2_000, setupTimeoutMs: 60_000, largeTableRows: 10_000, guardRuns: 1 },
    );
    const result: BenchResult = { resultId: 'hh', requestId: 'hh', datasetId: null, fingerprint: 'fp', completedAt: 0, ...measured };
    const tail = result.measurements.find((m) => m.variantId === 'ix' && m.parameterClass === 'TAIL')!;
    const baselineTail = result.measurements.find((m) => m.variantId === 'baseline' && m.parameterClass === 'TAIL')!;
    // Deterministic side of the story: the index walk reads far more buffers for a tail value than the scan.
    assert.ok(tail.sharedHitBlocks + tail.sharedReadBlocks > 10 * (baselineTail.sharedHitBlocks + baselineTail.sharedReadBlocks));
    const verdict = judgeCandidate({ variantId: 'ix', againstVariantId: 'baseline', kind: 'index', result, indexNames: ['events_created_at_idx'], options: { minSpeedup: 1.5, regressionTolerance: 0.2, regressionFloorMs: 0.5, maxWriteCostFactor: 4 } });
    assert.equal(verdict.accepted, false);
    assert.ok(!verdict.accepted && verdict.reason === 'HURTS_TAIL', !verdict.accepted ? `${verdict.reason}: ${verdict.detail}` : '');
    assert.match(!verdict.accepted ? verdict.detail : '', /helps HEAVY_HITTER .* but slows TAIL/);
  });
});
