import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { BenchResult, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import type { StoredFinding } from '../../src/catalog/finding-store.js';
import { judgeEvaluation } from '../../src/evaluate/judge-evaluation.js';
import { planEvaluation, type PlanOptions } from '../../src/evaluate/plan-evaluation.js';
import { buildProposals } from '../../src/proposals/build-proposals.js';
import type { IndexCandidate } from '../../src/candidates/index-candidate.js';
import { indexNameOf, renderCreateIndex, renderDropIndex } from '../../src/candidates/render-index-ddl.js';
import type { EvaluationCandidate } from '../../src/evaluate/evaluation-candidate.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let model: SchemaModel;

const OPTIONS: PlanOptions = { maxIndexColumns: 2, maxIncludeColumns: 4, maxCandidatesPerFinding: 4, maxGuards: 4, partialNullFraction: 0.8, partialDominantShare: 0.5, benchRuns: 3, benchWarmupRuns: 1, benchStatementTimeoutMs: 5_000 };
const JUDGE = { minSpeedup: 1.5, regressionTolerance: 0.2, regressionFloorMs: 0.5, maxWriteCostFactor: 4 };

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_plan');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, region int NOT NULL, created_at timestamptz NOT NULL);
    CREATE INDEX orders_customer_idx ON orders (customer_id);`);
  model = await introspectSchema(client);
  await client.end();
});

after(async () => {
  await database?.drop();
});

function finding(fingerprint: string, sql: string, patterns: string[] = ['MISSING_FILTER_INDEX']): StoredFinding {
  return { findingId: `f-${fingerprint}`, fingerprint, revision: 1, normalizedSql: sql, statementKind: 'SELECT', tables: ['public.orders'], patterns, finding: {} as StoredFinding['finding'] };
}

const plan = (f: StoredFinding, related: StoredFinding[] = [], guards: { fingerprint: string; sql: string }[] = []) =>
  planEvaluation({ fingerprint: f.fingerprint, datasetId: 'ds', findings: [f], related, guards, model, options: OPTIONS, now: 0 });

function m(variantId: string, ms: number, extra: Partial<VariantMeasurement> = {}): VariantMeasurement {
  const summary = { median: ms, p95: ms, min: ms, max: ms };
  return {
    variantId, parameterClass: 'NONE', runs: 3, timedOut: false, executionMs: summary, planningMs: summary, rows: 1, sharedHitBlocks: 1, sharedReadBlocks: 0, tempBlocks: 0,
    walBytes: null, planShape: [variantId], fullTableScan: false, joinCost: 0, missingJoinIndex: false, filterCost: 0, missingFilterIndex: false, planJson: null, fingerprint: null,
    wallMs: summary, parameterSets: 1, indexesUsed: [], ...extra,
  };
}

describe('planEvaluation', () => {
  it('says why a statement gets no evaluation: unparsable, not a query, unknown table, nothing to do', () => {
    assert.deepEqual(plan(finding('a', 'SELEC nope')).skips.map((s) => s.reason), ['STATEMENT_NOT_ANALYSABLE']);
    assert.deepEqual(plan(finding('b', 'INSERT INTO orders (id) VALUES ($1)')).skips.map((s) => s.reason), ['STATEMENT_KIND_UNSUPPORTED']);
    assert.deepEqual(plan(finding('c', 'SELECT * FROM invoices WHERE id = $1')).skips.map((s) => s.reason), ['UNKNOWN_RELATION']);
    const nothing = plan(finding('d', 'SELECT count(*) FROM orders'));
    assert.equal(nothing.request, null);
    assert.deepEqual(nothing.skips.map((s) => s.reason), ['NO_INDEXABLE_PREDICATE']);
  });

  it('caps key columns with TOO_MANY_COLUMNS and turns a deep OFFSET into advice only', () => {
    const wide = plan(finding('e', 'SELECT id FROM orders WHERE status = $1 AND region = $2 AND created_at > $3'));
    assert.ok(wide.skips.some((s) => s.reason === 'TOO_MANY_COLUMNS'));
    const paged = plan(finding('f', 'SELECT id FROM orders WHERE status = $1 ORDER BY created_at LIMIT $2 OFFSET $3', ['DEEP_OFFSET']));
    const advice = paged.candidates.filter((c) => c.kind === 'advisory');
    assert.equal(advice.length, 1);
    assert.ok(!paged.request!.variants.some((v) => v.querySql.includes('$4')), 'advice is never measured as a variant');
  });

  it('measures candidates of other findings on the table that also serve this one, with guards and write cost', () => {
    const mine = finding('g', 'SELECT id FROM orders WHERE status = $1');
    const theirs = finding('h', 'SELECT id FROM orders WHERE status = $1 AND created_at > $2');
    const result = plan(mine, [mine, theirs], [{ fingerprint: 'h', sql: theirs.normalizedSql }]);
    const indexes = result.candidates.filter((c) => c.kind === 'index').map((c) => (c.kind === 'index' ? c.name : ''));
    assert.ok(indexes.includes('orders_status_idx'));
    assert.ok(indexes.includes('orders_status_created_at_idx'), 'the shared candidate is measured for this statement too');
    assert.deepEqual(result.request!.guards.map((g) => g.fingerprint), ['h']);
    assert.equal(result.request!.measureWriteCost, true);
    assert.equal(plan(mine, [mine, theirs], [{ fingerprint: 'h', sql: theirs.normalizedSql }]).request!.requestId, result.request!.requestId, 'same content, same request id');
  });

  it('measures the removal of an existing index a candidate makes redundant', () => {
    const result = plan(finding('i', 'SELECT id FROM orders WHERE customer_id = $1 AND created_at > $2'));
    const drop = result.candidates.find((c) => c.kind === 'drop-index');
    assert.ok(drop && drop.kind === 'drop-index' && drop.existing.name === 'orders_customer_idx');
    const variant = result.request!.variants.find((v) => v.variantId === drop.variantId)!;
    assert.match(variant.setupSql[1]!, /^DROP INDEX "public"."orders_customer_idx"$/);
  });
});

describe('judgeEvaluation and buildProposals', () => {
  const evaluation = () => plan(finding('i', 'SELECT id FROM orders WHERE customer_id = $1 AND created_at > $2'));

  it('keeps one index per table (DOMINATED for the others), proposes the redundant index removal, never automatically', () => {
    const planned = evaluation();
    const ix = planned.candidates.filter((c) => c.kind === 'index').map((c) => (c.kind === 'index' ? c : null)!);
    const drop = planned.candidates.find((c) => c.kind === 'drop-index')!;
    const result: BenchResult = {
      resultId: 'r', requestId: 'r', datasetId: 'ds', fingerprint: 'i', completedAt: 0, equivalence: [], writeCosts: [], failures: [],
      measurements: [
        m('baseline', 20),
        ...ix.map((c, i) => m(c.variantId, 1 + i, { indexesUsed: [c.name] })),
        m(drop.variantId, 1, { indexesUsed: [ix[0]!.name], planShape: ['ix1'] }),
      ],
    };
    const judged = judgeEvaluation(planned.candidates, result, JUDGE);
    const reasons = judged.map((j) => `${j.candidate.variantId}:${j.verdict.accepted ? 'kept' : j.verdict.reason}`);
    assert.ok(reasons.includes('ix1:kept'), reasons.join(' '));
    assert.ok(reasons.filter((r) => r.endsWith(':DOMINATED')).length === ix.length - 1, reasons.join(' '));
    assert.ok(reasons.includes(`${drop.variantId}:kept`));
    const built = buildProposals(judged, result, { requestId: 'r', fingerprint: 'i', findingIds: ['f-i'], originalSql: 'x', datasetId: 'ds', now: 0 });
    const kinds = built.proposals.map((p) => `${p.kind}:${p.status}`);
    assert.deepEqual(kinds.sort(), ['DROP_INDEX:PENDING', 'INDEX:PENDING']);
    const removal = built.proposals.find((p) => p.kind === 'DROP_INDEX')!;
    assert.equal(removal.sql, 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_idx"');
    assert.match(removal.rollbackSql, /^CREATE INDEX CONCURRENTLY orders_customer_idx ON public\.orders USING btree \(customer_id\)$/);
    assert.equal(removal.serves, built.proposals.find((p) => p.kind === 'INDEX')!.proposalId);
    assert.ok(built.outcomes.every((o) => o.outcome === 'proposed' || (o.reasonCode !== null && o.reasonCode.length > 0)));
  });

  it('keeps the existing index when removing it slows the statement, and judges no removal when its base index is not kept', () => {
    const planned = evaluation();
    const ix = planned.candidates.filter((c) => c.kind === 'index').map((c) => (c.kind === 'index' ? c : null)!);
    const drop = planned.candidates.find((c) => c.kind === 'drop-index')!;
    const base = (extra: VariantMeasurement[]): BenchResult => ({
      resultId: 'r', requestId: 'r', datasetId: 'ds', fingerprint: 'i', completedAt: 0, equivalence: [], writeCosts: [], failures: [],
      measurements: [m('baseline', 20), ...extra],
    });
    const stillUsed = judgeEvaluation(planned.candidates, base([m('ix1', 1, { indexesUsed: [ix[0]!.name] }), m(drop.variantId, 9, { indexesUsed: [] })]), JUDGE);
    assert.equal(stillUsed.find((j) => j.candidate === drop)!.verdict.accepted === false && (stillUsed.find((j) => j.candidate === drop)!.verdict as { reason: string }).reason, 'REDUNDANT_INDEX_STILL_USED');
    const noBase = judgeEvaluation(planned.candidates, base([m('ix1', 30, { indexesUsed: [ix[0]!.name] })]), JUDGE);
    const verdicts = new Map(noBase.map((j) => [j.candidate.variantId, j.verdict.accepted ? 'kept' : j.verdict.reason]));
    assert.equal(verdicts.get('ix1'), 'REGRESSES_FINGERPRINT');
    assert.equal(verdicts.get(drop.variantId), 'BASE_INDEX_NOT_PROPOSED');
    assert.equal(verdicts.get('ix2'), 'SETUP_FAILED', 'a variant without measurements');
  });
  // A full index on orders.status and its partial twin leaving out the dominant 'done'.
  const statusKey = { column: 'status', expression: null, descending: false, nullsFirst: null, opclass: null };
  const full: IndexCandidate = { schema: 'public', table: 'orders', method: 'btree', keys: [statusKey], equalityPrefix: 1, include: [], predicate: null, purpose: 'equality', fingerprints: ['p'] };
  const partial: IndexCandidate = { ...full, purpose: 'partial', predicate: { column: 'status', test: '<>', value: 'done', type: null } };
  const asCandidate = (index: IndexCandidate, variantId: string): EvaluationCandidate => ({
    kind: 'index', variantId, index, schema: 'public', name: indexNameOf(index), createSql: renderCreateIndex(index, true), dropSql: renderDropIndex('public', indexNameOf(index), true), redundant: [],
  });

  it('prefers a partial index leaving out the dominant value to the full one when they measure the same; heavy hitters on the same seq scan are no regression', () => {
    const candidates = [asCandidate(full, 'ix1'), asCandidate(partial, 'ix2')];
    const seqScan = { planShape: ['Seq Scan'], indexesUsed: [] };
    const result: BenchResult = {
      resultId: 'r', requestId: 'r', datasetId: 'ds', fingerprint: 'p', completedAt: 0, equivalence: [], writeCosts: [], failures: [],
      measurements: [
        m('baseline', 40, { parameterClass: 'HEAVY_HITTER', ...seqScan }),
        m('baseline', 30, { parameterClass: 'TAIL', ...seqScan }),
        // The dominant value keeps its sequential scan under either index (timing noise included).
        m('ix1', 44, { parameterClass: 'HEAVY_HITTER', ...seqScan }),
        m('ix2', 41, { parameterClass: 'HEAVY_HITTER', ...seqScan }),
        m('ix1', 1, { parameterClass: 'TAIL', planShape: ['Index Scan'], indexesUsed: [indexNameOf(full)] }),
        m('ix2', 1.05, { parameterClass: 'TAIL', planShape: ['Index Scan'], indexesUsed: [indexNameOf(partial)] }),
      ],
    };
    const verdicts = new Map(judgeEvaluation(candidates, result, JUDGE).map((j) => [j.candidate.variantId, j.verdict.accepted ? 'kept' : j.verdict.reason]));
    assert.equal(verdicts.get('ix2'), 'kept');
    assert.equal(verdicts.get('ix1'), 'DOMINATED');
  });

  it('lets an index that is cheaper to write compete beyond 20% of the fastest, in proportion to its lower write cost', () => {
    const cost = (variantId: string, factor: number) => ({ variantId, table: 'public.orders', rows: 200, insertMsWithout: 1, insertMsWith: factor, updateMsWithout: 1, updateMsWith: factor, walBytesWithout: 1000, walBytesWith: 1000 * factor, factor });
    const judge = (fullMs: number, partialMs: number, fullCost: number, partialCost: number) => {
      const result: BenchResult = {
        resultId: 'r', requestId: 'r', datasetId: 'ds', fingerprint: 'p', completedAt: 0, equivalence: [], failures: [],
        writeCosts: [cost('ix1', fullCost), cost('ix2', partialCost)],
        measurements: [
          m('baseline', 4, { parameterClass: 'TAIL', planShape: ['Seq Scan'], indexesUsed: [] }),
          m('ix1', fullMs, { parameterClass: 'TAIL', planShape: ['Index Scan'], indexesUsed: [indexNameOf(full)] }),
          m('ix2', partialMs, { parameterClass: 'TAIL', planShape: ['Index Scan'], indexesUsed: [indexNameOf(partial)] }),
        ],
      };
      return new Map(judgeEvaluation([asCandidate(full, 'ix1'), asCandidate(partial, 'ix2')], result, JUDGE).map((j) => [j.candidate.variantId, j.verdict.accepted ? 'kept' : j.verdict.reason]));
    };
    // ×20 against ×15 (25% slower): out of reach at equal write cost, within reach at ×1.04 against ×1.52.
    assert.deepEqual([...judge(0.2, 0.2667, 1.52, 1.52)], [['ix1', 'kept'], ['ix2', 'DOMINATED']]);
    assert.deepEqual([...judge(0.2, 0.2667, 1.52, 1.04)], [['ix1', 'DOMINATED'], ['ix2', 'kept']]);
    // Far slower stays out of reach however cheap it is to write.
    assert.deepEqual([...judge(0.2, 0.8, 1.52, 1.04)], [['ix1', 'kept'], ['ix2', 'DOMINATED']]);
  });
});
