import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { createSignatureAnalyzer } from '../../src/create-signature-analyzer.js';
import { PATTERN_CODES, type PatternCode } from '../../src/detect/pattern-code.js';
import { createGenericPlanSource } from '../../src/plan/generic-plan-source.js';
import { createSchemaProvider } from '../../src/schema-provider.js';
import { sqlQueryOf } from '../../src/sql-query-of.js';
import { createCatalogDatabase, type CatalogDatabase } from '../support/catalog-database.js';
import { createCorpusDatabase } from '../support/corpus-database.js';
import { makeSignature } from '../support/make-signature.js';
import { CORPUS } from './corpus-statements.js';

// Thresholds scaled to the corpus volumes (200k-row orders): the defaults fit production-size tables.
const config = configSchema.parse({
  performanceThreshold: { executionTimeMs: 100, scanCost: 800, filterCost: 800, joinCost: 1500, largeTableRows: 10_000 },
});

let corpus: Awaited<ReturnType<typeof createCorpusDatabase>>;
let catalog: CatalogDatabase;

before(async () => {
  [corpus, catalog] = await Promise.all([createCorpusDatabase(), createCatalogDatabase()]);
});

after(async () => {
  await Promise.all([corpus?.close(), catalog?.close()]);
});

interface Row {
  fingerprint: string;
  outcome: 'finding' | 'no_finding';
  reason_code: string | null;
  patterns: string[];
}

test('the labelled corpus: precision and recall per pattern, at least 0.95 overall', { timeout: 120_000 }, async () => {
  assert.ok(CORPUS.length >= 60, `corpus has ${CORPUS.length} statements`);
  const schema = await introspectSchema(corpus.client);
  const published: QueryFinding[] = [];
  const analyzer = createSignatureAnalyzer({
    config,
    catalog: catalog.query,
    schema: createSchemaProvider(async () => schema, 3_600_000),
    plans: createGenericPlanSource({ query: sqlQueryOf(corpus.client) }),
    publish: async (finding) => {
      published.push(finding);
    },
    logger: createLogger({ service: 'signature-analyzer-test', level: 'silent' }),
  });

  const base = Date.UTC(2026, 0, 1, 12, 0, 0);
  for (const entry of CORPUS) {
    const count = entry.burst?.count ?? 1;
    const span = entry.burst?.spanMs ?? 0;
    for (let i = 0; i < count; i++) {
      await analyzer.handle(
        makeSignature(entry.sql, {
          fingerprint: entry.id,
          observedAt: base + Math.floor((i * span) / Math.max(count - 1, 1)),
          flags: [...(entry.flags ?? [])],
          parameters: [...(entry.parameters ?? [])],
          tags: entry.burst?.sessionless ? { session: null, application: 'shop-web' } : { session: `session-${entry.id}` },
        }),
      );
    }
  }
  await analyzer.flush();

  const rows = (await catalog.query<Row>('SELECT fingerprint, outcome, reason_code, patterns FROM shadowtune.signature_examinations')).rows;
  const byId = new Map(rows.map((row) => [row.fingerprint, row]));
  const counts = new Map<PatternCode, { tp: number; fp: number; fn: number }>(PATTERN_CODES.map((p) => [p, { tp: 0, fp: 0, fn: 0 }]));
  const mistakes: string[] = [];
  const reasonMistakes: string[] = [];
  for (const entry of CORPUS) {
    const row = byId.get(entry.id);
    assert.ok(row !== undefined, `${entry.id} was examined`);
    if (row.outcome === 'no_finding') assert.ok(row.reason_code, `${entry.id} has a reason code`);
    const expected = new Set<string>(entry.expected === 'clean' ? [] : entry.expected);
    const actual = new Set(row.outcome === 'finding' ? row.patterns : []);
    for (const pattern of PATTERN_CODES) {
      const c = counts.get(pattern)!;
      if (expected.has(pattern) && actual.has(pattern)) c.tp++;
      else if (actual.has(pattern)) c.fp++;
      else if (expected.has(pattern)) c.fn++;
    }
    const same = expected.size === actual.size && [...expected].every((p) => actual.has(p));
    if (!same) mistakes.push(`${entry.id}: expected ${[...expected].join(',') || 'clean'}, got ${[...actual].join(',') || `clean (${row.reason_code})`}`);
    if (entry.expected === 'clean' && entry.reason !== undefined && row.outcome === 'no_finding' && row.reason_code !== entry.reason) {
      reasonMistakes.push(`${entry.id}: expected reason ${entry.reason}, got ${row.reason_code}`);
    }
  }

  let tp = 0;
  let fp = 0;
  let fn = 0;
  const lines = ['pattern                    TP  FP  FN  precision  recall'];
  for (const [pattern, c] of counts) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
    lines.push(`${pattern.padEnd(25)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}`);
  }
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  const cleanEntries = CORPUS.filter((e) => e.expected === 'clean');
  const cleanRight = cleanEntries.filter((e) => byId.get(e.id)?.outcome === 'no_finding').length;
  lines.push(`overall                   ${String(tp).padStart(3)} ${String(fp).padStart(3)} ${String(fn).padStart(3)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}`);
  lines.push(`clean statements left silent: ${cleanRight}/${cleanEntries.length}; statements: ${CORPUS.length}`);
  if (mistakes.length > 0 || reasonMistakes.length > 0) lines.push('mismatches:', ...[...mistakes, ...reasonMistakes].map((m) => `  ${m}`));
  console.log(lines.join('\n'));

  // Every finding published was stored and carries what a finding must.
  for (const finding of published) {
    assert.ok(finding.patterns.length > 0 && finding.patterns.every((p) => p.detail.length > 0));
    assert.equal(finding.schemaVersion, schema.version);
  }
  assert.ok(precision >= 0.95, `overall precision ${precision.toFixed(3)} < 0.95`);
  assert.ok(recall >= 0.95, `overall recall ${recall.toFixed(3)} < 0.95`);
  assert.deepEqual(reasonMistakes, [], 'clean statements record the expected reason codes');
});
