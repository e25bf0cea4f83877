import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { measureRequest } from '@shadowtune/bench-runner/measure/measure-request';
import type { BenchResult } from '@shadowtune/shared/contracts/generated-types';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { loadDataset } from '@shadowtune/synth-generator/load/load-dataset';
import { planDataset } from '@shadowtune/synth-generator/plan/plan-dataset';
import { syncShadowSchema } from '@shadowtune/synth-generator/schema/sync-shadow-schema';
import type { StoredFinding } from '../../src/catalog/finding-store.js';
import { judgeEvaluation } from '../../src/evaluate/judge-evaluation.js';
import { planEvaluation, type PlanOptions } from '../../src/evaluate/plan-evaluation.js';
import { buildProposals } from '../../src/proposals/build-proposals.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

// "Production": 90 % of the orders are 'done', the rest spread over 40 rare statuses.
const SCHEMA = `CREATE TYPE order_status AS ENUM ('done', ${Array.from({ length: 40 }, (_, i) => `'s${i}'`).join(', ')});
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status order_status NOT NULL, created_at timestamptz NOT NULL, payload text NOT NULL)`;
const SEED = `INSERT INTO orders SELECT g, g % 5000, (CASE WHEN g % 10 = 0 THEN 's' || (g / 10 % 40) ELSE 'done' END)::order_status,
    timestamptz '2024-01-01' + g * interval '1 minute', repeat('x', 60) FROM generate_series(1, 200000) g;
  ANALYZE`;
const QUERY = 'SELECT * FROM orders WHERE status = $1';
const OPTIONS: PlanOptions = { maxIndexColumns: 4, maxIncludeColumns: 4, maxCandidatesPerFinding: 4, maxGuards: 4, partialNullFraction: 0.8, partialDominantShare: 0.5, benchRuns: 5, benchWarmupRuns: 1, benchStatementTimeoutMs: 20_000 };
const JUDGE = { minSpeedup: 1.5, regressionTolerance: 0.3, regressionFloorMs: 1, maxWriteCostFactor: 10 };
const BENCH = { parameterSetsPerClass: 2, heavyHitterValues: 1, limitValue: 20, offsetValue: 0, adversarialRows: 5, writeCostRows: 200, writeCostRepeats: 1, lockTimeoutMs: 2_000, setupTimeoutMs: 60_000, largeTableRows: 10_000, guardRuns: 1 };

const finding: StoredFinding = { findingId: 'f-status', fingerprint: 'fp-status', revision: 1, normalizedSql: QUERY, statementKind: 'SELECT', tables: ['public.orders'], patterns: ['FULL_TABLE_SCAN'], finding: {} as StoredFinding['finding'] };

async function fillShadow(production: SchemaModel, url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  try {
    const client = await pool.connect();
    try {
      await syncShadowSchema(client, production);
    } finally {
      client.release();
    }
    const plan = planDataset({
      model: production,
      seed: 11,
      skewFactor: 1.1,
      volume: { rows: 200_000, productionMultiple: null, thinRows: 100 },
      focus: { deepTables: [{ schema: 'public', table: 'orders', suggestedRows: null }], skewTargets: [], findingColumns: [], parameterProfiles: [] },
      correlation: 0,
      timeSpan: { endMs: Date.UTC(2025, 0, 1), spanMs: 365 * 86_400_000, growth: 0 },
    });
    await loadDataset({ pool, plan, connections: 2 });
    await pool.query('VACUUM ANALYZE');
  } finally {
    await pool.end();
  }
}

describe('a partial index leaving out the dominant value, end to end (production values opted in)', { timeout: 300_000 }, () => {
  let production: TestDatabase;
  let shadow: TestDatabase;
  let prod: pg.Client;
  let shadowClient: pg.Client;
  let withValues: SchemaModel;

  before(async () => {
    await loadSqlParser();
    production = await createTestDatabase('st_partial_prod');
    shadow = await createTestDatabase('st_partial_shadow');
    prod = new pg.Client({ connectionString: production.url });
    await prod.connect();
    await prod.query(SCHEMA);
    await prod.query(SEED);
    // Production read with the opt-in: the synthetic data reproduces 'done' and its 90 %.
    await fillShadow(await introspectSchema(prod, { mostCommonValues: true }), shadow.url);
    shadowClient = new pg.Client({ connectionString: shadow.url });
    await shadowClient.connect();
    withValues = await introspectSchema(shadowClient, { mostCommonValues: true });
  });

  after(async () => {
    await shadowClient?.end();
    await prod?.end();
    await shadow?.drop();
    await production?.drop();
  });

  it('is measured, used for the tail values while the dominant value keeps its seq scan, proposed, and runs on production', async () => {
    const planned = planEvaluation({ fingerprint: finding.fingerprint, datasetId: 'ds', findings: [finding], related: [], guards: [], model: withValues, options: OPTIONS, now: 0 });
    assert.ok(planned.request, JSON.stringify(planned.skips));
    const partial = planned.candidates.find((c) => c.kind === 'index' && c.index.predicate?.test === '<>');
    assert.ok(partial && partial.kind === 'index', planned.candidates.map((c) => c.variantId).join(' '));
    assert.match(partial.createSql, /^CREATE INDEX CONCURRENTLY "orders_status_status_excl_[0-9a-f]{6}_idx" ON "public"\."orders" USING btree \("status"\) WHERE "status" <> 'done'::"public"\."order_status"$/);

    const measured = await measureRequest(shadowClient, planned.request, BENCH);
    const result: BenchResult = { resultId: 'r', requestId: planned.request.requestId, datasetId: 'ds', fingerprint: finding.fingerprint, completedAt: 0, ...measured };
    assert.deepEqual(result.failures, []);
    const of = (variantId: string, parameterClass: string) => result.measurements.find((m) => m.variantId === variantId && m.parameterClass === parameterClass)!;
    assert.ok(of(partial.variantId, 'TAIL').indexesUsed.includes(partial.name), JSON.stringify(of(partial.variantId, 'TAIL').planShape));
    assert.ok(!of(partial.variantId, 'HEAVY_HITTER').indexesUsed.includes(partial.name), 'the dominant value cannot use the partial index');
    assert.deepEqual(of(partial.variantId, 'HEAVY_HITTER').planShape, of('baseline', 'HEAVY_HITTER').planShape, 'the dominant value keeps the baseline plan');

    const judged = judgeEvaluation(planned.candidates, result, JUDGE);
    const verdicts = judged.map((j) => `${j.candidate.variantId}:${j.verdict.accepted ? 'kept' : `${j.verdict.reason} ${j.verdict.detail}`}`);
    const kept = judged.find((j) => j.verdict.accepted && j.candidate.kind === 'index');
    assert.equal(kept?.candidate, partial, verdicts.join('\n'));
    const built = buildProposals(judged, result, { requestId: 'r', fingerprint: finding.fingerprint, findingIds: [finding.findingId], originalSql: QUERY, datasetId: 'ds', now: 0 });
    const proposal = built.proposals.find((p) => p.kind === 'INDEX');
    assert.equal(proposal?.sql, partial.createSql);

    // The DDL as proposed runs on production, and production's planner uses it for a rare status only.
    await prod.query(proposal.sql);
    await prod.query('ANALYZE orders');
    const plan = async (value: string) => JSON.stringify((await prod.query({ text: `EXPLAIN (FORMAT JSON) ${QUERY}`, values: [value] })).rows[0]);
    assert.ok((await plan('s7')).includes(partial.name));
    assert.ok(!(await plan('done')).includes(partial.name));
    await prod.query(proposal.rollbackSql);
  });

  it('proposes no value predicate from a shadow read without production values (DOMINANT_VALUE_UNKNOWN)', async () => {
    const withoutValues = await introspectSchema(shadowClient);
    const planned = planEvaluation({ fingerprint: finding.fingerprint, datasetId: 'ds', findings: [finding], related: [], guards: [], model: withoutValues, options: OPTIONS, now: 0 });
    assert.ok(!planned.candidates.some((c) => c.kind === 'index' && c.index.predicate !== null));
    assert.ok(planned.skips.some((s) => s.reason === 'DOMINANT_VALUE_UNKNOWN' && /^public\.orders: status: one value holds 9\d% of the rows/.test(s.detail)), JSON.stringify(planned.skips));
    assert.ok(!JSON.stringify(planned).includes("'done'"));
  });
});
