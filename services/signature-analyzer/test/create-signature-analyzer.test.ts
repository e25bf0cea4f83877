import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configSchema, type ShadowtuneConfigInput } from '@shadowtune/shared/config/config-schema';
import type { QueryFinding, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { listExaminations } from '../src/catalog/list-examinations.js';
import { createSignatureAnalyzer, type SignatureAnalyzer } from '../src/create-signature-analyzer.js';
import { createGenericPlanSource } from '../src/plan/generic-plan-source.js';
import { createSchemaProvider, type SchemaProvider } from '../src/schema-provider.js';
import { sqlQueryOf } from '../src/sql-query-of.js';
import { createCatalogDatabase, type CatalogDatabase } from './support/catalog-database.js';
import { makeSignature } from './support/make-signature.js';
import { createSmallShopDatabase, type SmallShop } from './support/small-shop-database.js';

let shop: SmallShop;
let catalog: CatalogDatabase;
const T0 = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;

before(async () => {
  [shop, catalog] = await Promise.all([createSmallShopDatabase(), createCatalogDatabase()]);
});
after(async () => {
  await Promise.all([shop?.close(), catalog?.close()]);
});

function setup(overrides: ShadowtuneConfigInput = {}, schema?: SchemaProvider): { analyzer: SignatureAnalyzer; published: QueryFinding[]; schema: SchemaProvider } {
  const config = configSchema.parse({
    performanceThreshold: { scanCost: 300, filterCost: 300, joinCost: 600, largeTableRows: 5_000, executionTimeMs: 100 },
    ...overrides,
    services: { signatureAnalyzer: { windowMs: MINUTE, windowCount: 6, regressionMinSamples: 20, ...(overrides.services?.signatureAnalyzer ?? {}) } },
  });
  const published: QueryFinding[] = [];
  const provider = schema ?? createSchemaProvider(() => introspectSchema(shop.client), 0);
  const analyzer = createSignatureAnalyzer({
    config,
    catalog: catalog.query,
    schema: provider,
    plans: createGenericPlanSource({ query: sqlQueryOf(shop.client) }),
    publish: async (finding) => {
      published.push(finding);
    },
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  return { analyzer, published, schema: provider };
}

const sig = (fingerprint: string, sql: string, at: number, durationMs = 2, extra: Parameters<typeof makeSignature>[1] = {}): QuerySignature =>
  makeSignature(sql, { fingerprint, observedAt: at, durationMs, totalDurationMs: durationMs, ...extra });

test('a new fingerprint is examined once; the finding is published, stored, and not duplicated', async () => {
  const { analyzer, published } = setup();
  const first = await analyzer.handle(sig('fp-note', 'SELECT id FROM accounts WHERE note = $1', T0));
  assert.equal(first.trigger, 'NEW');
  assert.equal(published.length, 1);
  const finding = published[0]!;
  assert.deepEqual(finding.patterns.map((p) => p.pattern).sort(), ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX']);
  assert.equal(finding.revision, 1);
  assert.ok(finding.columns.some((c) => c.table === 'accounts' && c.column === 'note' && c.role === 'FILTER' && c.operator === '='));
  assert.ok(finding.thresholds.some((t) => t.metric === 'scanCost' && t.value >= t.threshold));
  assert.match(finding.planExcerpt ?? '', /Seq Scan on public\.accounts/);
  assert.deepEqual(finding.experiment.tables.map((t) => `${t.table}:${t.rows}`), ['accounts:100000']);
  assert.deepEqual(finding.experiment.skew.map((s) => `${s.column}:${s.factor}`), ['note:1.1']);

  const again = await analyzer.handle(sig('fp-note', 'SELECT id FROM accounts WHERE note = $1', T0 + 1_000));
  assert.equal(again.trigger, null);
  assert.equal(published.length, 1);
  const stored = await catalog.query<{ revision: number; status: string }>('SELECT revision, status FROM shadowtune.analyzer_findings WHERE fingerprint = $1', ['fp-note']);
  assert.deepEqual(stored.rows, [{ revision: 1, status: 'open' }]);
});

test('a redelivered event is ignored (no double count, no second examination)', async () => {
  const { analyzer } = setup();
  const event = sig('fp-redeliver', 'SELECT id FROM accounts WHERE code = $1', T0);
  assert.equal((await analyzer.handle(event)).duplicate, false);
  assert.equal((await analyzer.handle(event)).duplicate, true);
  await analyzer.flush();
  const row = await catalog.query<{ window_calls: number }>('SELECT window_calls FROM shadowtune.signature_stats WHERE fingerprint = $1', ['fp-redeliver']);
  assert.equal(row.rows[0]!.window_calls, 1);
});

test('crossing executionTimeMs re-examines: same problem, same findingId, next revision', async () => {
  const { analyzer, published } = setup();
  const sql = 'SELECT id FROM accounts WHERE name = $1 OR note = $2';
  await analyzer.handle(sig('fp-slow', sql, T0, 5));
  const crossing = await analyzer.handle(sig('fp-slow', sql, T0 + 1_000, 1_000));
  assert.equal(crossing.trigger, 'THRESHOLD');
  assert.equal(published.length, 2);
  assert.equal(published[1]!.findingId, published[0]!.findingId);
  assert.equal(published[1]!.revision, 2);
  assert.ok(published[1]!.thresholds.some((t) => t.metric === 'executionTimeMs'));
  assert.ok(published[1]!.stats.meanMs! > 100);
  // Staying above the threshold is not a new crossing.
  assert.equal((await analyzer.handle(sig('fp-slow', sql, T0 + 2_000, 1_000))).trigger, null);
});

test('a latency regression against its own history triggers an examination; one noisy sample does not', async () => {
  const { analyzer } = setup({ performanceThreshold: { executionTimeMs: 100_000 } });
  const sql = 'SELECT id FROM accounts WHERE code = $1';
  const noisy = 'SELECT id, status FROM accounts WHERE code = $1';
  const triggers: (string | null)[] = [];
  const noisyTriggers: (string | null)[] = [];
  for (let i = 0; i < 40; i++) {
    const jitter = 1 + ((i * 7) % 5) / 10;
    triggers.push((await analyzer.handle(sig('fp-regress', sql, T0 + i * 1_000, 10 * jitter))).trigger);
    noisyTriggers.push((await analyzer.handle(sig('fp-noisy', noisy, T0 + i * 1_000, 10 * jitter))).trigger);
  }
  noisyTriggers.push((await analyzer.handle(sig('fp-noisy', noisy, T0 + 2 * MINUTE, 5_000))).trigger);
  for (let i = 0; i < 40; i++) {
    const jitter = 1 + ((i * 3) % 5) / 10;
    triggers.push((await analyzer.handle(sig('fp-regress', sql, T0 + 2 * MINUTE + i * 1_000, 40 * jitter))).trigger);
  }
  assert.deepEqual(triggers.filter((t) => t !== null), ['NEW', 'REGRESSION']);
  assert.deepEqual(noisyTriggers.filter((t) => t !== null), ['NEW']);
});

test('an N+1 burst from one session triggers an examination and an N_PLUS_ONE finding', async () => {
  const { analyzer, published } = setup();
  const sql = 'SELECT id, kind FROM events WHERE id = $1';
  let burst = null;
  for (let i = 0; i < 25; i++) {
    const result = await analyzer.handle(sig('fp-n1', sql, T0 + i * 10, 0.05, { tags: { session: 'sess-9' } }));
    if (result.trigger === 'N_PLUS_ONE_BURST') burst = result;
  }
  assert.ok(burst !== null);
  const finding = published.find((f) => f.fingerprint === 'fp-n1')!;
  assert.deepEqual(finding.patterns.map((p) => p.pattern), ['N_PLUS_ONE']);
  assert.ok(finding.patterns[0]!.figures.callsInWindow! >= 20);
});

test('reasons for silence are recorded in the catalog and queryable', async () => {
  const { analyzer } = setup();
  const cases: [string, string, string][] = [
    ['fp-r-parse', 'SELEC nope', 'NOT_PARSABLE'],
    ['fp-r-begin', 'BEGIN', 'NOT_A_QUERY'],
    ['fp-r-insert', 'INSERT INTO tiny VALUES ($1, $2)', 'UNSUPPORTED_STATEMENT'],
    ['fp-r-unknown', 'SELECT * FROM ghosts WHERE id = $1', 'UNKNOWN_TABLE'],
    ['fp-r-small', 'SELECT label FROM tiny WHERE label = $1', 'SMALL_TABLE'],
    ['fp-r-indexed', 'SELECT id FROM accounts WHERE code = $1', 'ALREADY_INDEXED'],
  ];
  for (const [fingerprint, sql, reason] of cases) {
    const result = await analyzer.handle(sig(fingerprint, sql, T0));
    assert.equal(result.examination?.reasonCode, reason, fingerprint);
  }
  for (const [fingerprint, , reason] of cases) {
    const rows = await listExaminations(catalog.query, { reasonCode: reason as never });
    assert.ok(rows.some((r) => r.fingerprint === fingerprint && r.outcome === 'no_finding' && r.reasonDetail !== null), fingerprint);
  }
  const raw = await catalog.query<{ n: string }>("SELECT count(*) AS n FROM shadowtune.signature_examinations WHERE outcome = 'no_finding' AND reason_code IS NULL");
  assert.equal(Number(raw.rows[0]!.n), 0);
});

test('a schema change re-examines; a problem fixed by a new index is resolved', async () => {
  const provider = createSchemaProvider(() => introspectSchema(shop.client), 0);
  const { analyzer, published } = setup({}, provider);
  const sql = 'SELECT id FROM events WHERE kind = $1';
  await shop.client.query('DROP INDEX IF EXISTS events_kind_idx');
  const first = await analyzer.handle(sig('fp-fix', sql, T0));
  assert.ok(first.published?.patterns.some((p) => p.pattern === 'MISSING_FILTER_INDEX'), JSON.stringify(first.examination));
  await shop.client.query('CREATE INDEX events_kind_idx ON events (kind)');
  const second = await analyzer.handle(sig('fp-fix', sql, T0 + 1_000));
  assert.equal(second.trigger, 'SCHEMA_CHANGED');
  assert.equal(second.examination?.outcome, 'no_finding');
  assert.deepEqual(second.resolved, [first.published!.findingId]);
  const status = await catalog.query<{ status: string }>('SELECT status FROM shadowtune.analyzer_findings WHERE finding_id = $1', [first.published!.findingId]);
  assert.equal(status.rows[0]!.status, 'resolved');
  assert.equal(published.length, 1);
  await shop.client.query('DROP INDEX events_kind_idx');
});

test('after a restart, known fingerprints are not new (statistics and memory come from the catalog)', async () => {
  const first = setup();
  await first.analyzer.handle(sig('fp-restart', 'SELECT id FROM accounts WHERE status = $1 LIMIT 5', T0));
  await first.analyzer.flush();
  const second = setup();
  const result = await second.analyzer.handle(sig('fp-restart', 'SELECT id FROM accounts WHERE status = $1 LIMIT 5', T0 + 1_000));
  assert.equal(result.trigger, null);
  await second.analyzer.flush();
  const row = await catalog.query<{ window_calls: number }>('SELECT window_calls FROM shadowtune.signature_stats WHERE fingerprint = $1', ['fp-restart']);
  assert.equal(row.rows[0]!.window_calls, 2);
});

test('a malformed record is an INPUT_INVALID error (dead-lettered by the bus), the analyzer goes on', async () => {
  const { analyzer } = setup();
  await assert.rejects(analyzer.handle({ ...sig('x', 'SELECT 1', T0), fingerprint: '' }), { code: 'INPUT_INVALID' });
  await assert.rejects(analyzer.handle({ ...sig('x', 'SELECT 1', T0), normalizedSql: undefined as unknown as string }), { code: 'INPUT_INVALID' });
  assert.equal((await analyzer.handle(sig('fp-after', 'SELECT id FROM tiny', T0))).trigger, 'NEW');
});

test('a failed examination (database unreachable) is retried by the same event without counting it twice', async () => {
  const config = configSchema.parse({ performanceThreshold: { scanCost: 300, filterCost: 300, largeTableRows: 5_000 } });
  const real = createGenericPlanSource({ query: sqlQueryOf(shop.client) });
  let failures = 1;
  const analyzer = createSignatureAnalyzer({
    config,
    catalog: catalog.query,
    schema: createSchemaProvider(() => introspectSchema(shop.client), 60_000),
    plans: {
      explain: async (request) => {
        if (failures-- > 0) throw new ShadowtuneError('DB_UNAVAILABLE', 'connection refused');
        return real.explain(request);
      },
    },
    publish: async () => undefined,
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  const event = sig('fp-retry', 'SELECT id FROM accounts WHERE note = $1', T0);
  await assert.rejects(analyzer.handle(event), { code: 'DB_UNAVAILABLE', retriable: true });
  const retried = await analyzer.handle(event);
  assert.equal(retried.trigger, 'NEW');
  assert.equal(retried.examination?.outcome, 'finding');
  assert.equal((await analyzer.handle(event)).duplicate, true);
  await analyzer.flush();
  const row = await catalog.query<{ window_calls: number }>('SELECT window_calls FROM shadowtune.signature_stats WHERE fingerprint = $1', ['fp-retry']);
  assert.equal(row.rows[0]!.window_calls, 1);
});
