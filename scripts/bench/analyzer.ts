// Throughput of the signature-analyzer: `npm run bench:analyzer`.
//
// A stream of BENCH_SIGNATURES signatures (default 100,000) over 500 fingerprints that
// repeat (Zipf-like popularity, log-normal durations, 40 sessions; 10 % of fingerprints
// get 6x slower halfway through, 5 % come in N+1 bursts), built from the labelled
// corpus's statements on its generated shop schema (real PostgreSQL 15 plans), through
// the whole handler: statistics, triggers, examinations (parse, generic plan, detectors),
// catalog writes. Side by side in the same run:
//   - the same stream with the plan cache reduced to one entry (every examination plans);
//   - examinations alone (each of the 500 fingerprints examined BENCH_ROUNDS times after
//     a warm-up pass), with and without the plan cache per fingerprint and schema version.
// Median of BENCH_RUNS runs (default 3).
import { cpus, totalmem } from 'node:os';
import { configSchema } from '../../shared/src/config/config-schema.js';
import type { QuerySignature } from '../../shared/src/contracts/generated-types.js';
import { createLogger } from '../../shared/src/log/create-logger.js';
import { introspectSchema } from '../../shared/src/schema-model/introspect-schema.js';
import type { SchemaModel } from '../../shared/src/schema-model/schema-model.js';
import { loadSqlParser } from '../../shared/src/sql/parse-statement.js';
import { createSignatureAnalyzer } from '../../services/signature-analyzer/src/create-signature-analyzer.js';
import { examineSignature } from '../../services/signature-analyzer/src/examine-signature.js';
import { createGenericPlanSource, type GenericPlanResult } from '../../services/signature-analyzer/src/plan/generic-plan-source.js';
import { PlanCache } from '../../services/signature-analyzer/src/plan/plan-cache.js';
import { createSchemaProvider } from '../../services/signature-analyzer/src/schema-provider.js';
import { sqlQueryOf } from '../../services/signature-analyzer/src/sql-query-of.js';
import { CORPUS } from '../../services/signature-analyzer/test/corpus/corpus-statements.js';
import { createCatalogDatabase } from '../../services/signature-analyzer/test/support/catalog-database.js';
import { createCorpusDatabase } from '../../services/signature-analyzer/test/support/corpus-database.js';
import { makeSignature } from '../../services/signature-analyzer/test/support/make-signature.js';

const SIGNATURES = Number(process.env.BENCH_SIGNATURES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FINGERPRINTS = 500;

const config = configSchema.parse({
  performanceThreshold: { executionTimeMs: 100, scanCost: 800, filterCost: 800, joinCost: 1500, largeTableRows: 10_000 },
});
const logger = createLogger({ service: 'bench', level: 'silent' });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** 500 fingerprints over the corpus's statements (each fingerprint planned on its own). */
function templates(): { fingerprint: string; sql: string }[] {
  const statements = CORPUS.filter((e) => e.reason === undefined).map((e) => e.sql);
  return Array.from({ length: FINGERPRINTS }, (_, i) => ({ fingerprint: `bench-${i}`, sql: statements[i % statements.length]! }));
}

function stream(run: number, pass: number): QuerySignature[] {
  const next = random(run * 10 + pass + 1);
  const all = templates();
  // The second pass continues in time: the same fingerprints, now known (steady state).
  const base = Date.UTC(2026, 0, 1) + pass * SIGNATURES * 25;
  const out: QuerySignature[] = [];
  let at = base;
  while (out.length < SIGNATURES) {
    at += 20;
    // Zipf-like: a few hot fingerprints, a long tail.
    const index = Math.min(FINGERPRINTS - 1, Math.floor(FINGERPRINTS * next() ** 2.5));
    const template = all[index]!;
    const loopy = index % 20 === 7;
    const degrading = index % 10 === 3 && out.length > SIGNATURES / 2;
    const repeat = loopy && next() < 0.05 ? 25 : 1;
    const session = `session-${Math.floor(next() * 40)}`;
    for (let k = 0; k < repeat && out.length < SIGNATURES; k++) {
      const z = Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next());
      const duration = Math.exp(1 + 0.5 * z) * (degrading ? 6 : 1);
      out.push(
        makeSignature(template.sql, {
          fingerprint: template.fingerprint,
          observedAt: at + k * 10,
          durationMs: duration,
          totalDurationMs: duration,
          tags: { session },
        }),
      );
    }
  }
  return out;
}

async function main(): Promise<void> {
  await loadSqlParser();
  const corpus = await createCorpusDatabase();
  const catalogs: Awaited<ReturnType<typeof createCatalogDatabase>>[] = [];
  try {
    const schema: SchemaModel = await introspectSchema(corpus.client);
    const query = sqlQueryOf(corpus.client);
    const plans = createGenericPlanSource({ query });

    type Key = 'cold-cached' | 'cold-uncached' | 'warm-cached' | 'warm-uncached';
    const rates = new Map<Key, number[]>();
    const explains = new Map<Key, number[]>();
    const examinationCounts = new Map<Key, number[]>();
    const push = (map: Map<Key, number[]>, key: Key, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
    // Catalog databases are created before any timing (CREATE DATABASE checkpoints), and the
    // order of the two configurations alternates between runs.
    for (let i = 0; i < RUNS * 2; i++) catalogs.push(await createCatalogDatabase());
    for (let run = 0; run < RUNS; run++) {
      for (const cached of run % 2 === 0 ? [true, false] : [false, true]) {
        const catalog = catalogs[run * 2 + (cached ? 0 : 1)]!;
        let planned = 0;
        const analyzer = createSignatureAnalyzer({
          config: configSchema.parse({ ...config, services: { signatureAnalyzer: { planCacheSize: cached ? 5_000 : 1 } } }),
          catalog: catalog.query,
          schema: createSchemaProvider(async () => schema, Number.MAX_SAFE_INTEGER),
          plans: {
            explain: (request) => {
              planned++;
              return plans.explain(request);
            },
          },
          publish: async () => undefined,
          logger,
        });
        for (const pass of [0, 1]) {
          const key = `${pass === 0 ? 'cold' : 'warm'}-${cached ? 'cached' : 'uncached'}` as Key;
          const signatures = stream(run, pass);
          const plannedBefore = planned;
          let examinations = 0;
          const start = performance.now();
          for (const signature of signatures) {
            const result = await analyzer.handle(signature);
            if (result.examination !== null) examinations++;
          }
          await analyzer.flush();
          const seconds = (performance.now() - start) / 1000;
          push(rates, key, signatures.length / seconds);
          push(explains, key, planned - plannedBefore);
          push(examinationCounts, key, examinations);
          console.error(`run ${run + 1} ${key}: ${(signatures.length / seconds).toFixed(0)} signatures/s, ${examinations} examinations, ${planned - plannedBefore} EXPLAINs`);
        }
      }
    }

    // Examinations alone: the part the plan cache speeds up (after a warm-up pass that fills
    // the cache and the server's own caches, so both sides start warm).
    const examined: { cached: number[]; uncached: number[] } = { cached: [], uncached: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const cached of run % 2 === 0 ? [true, false] : [false, true]) {
        const cache = new PlanCache<GenericPlanResult>(cached ? 5_000 : 1);
        const all = templates();
        for (const template of all) {
          await examineSignature({
            signature: makeSignature(template.sql, { fingerprint: template.fingerprint }),
            schema,
            config,
            stats: null,
            burst: null,
            explain: (request) => cache.getOrCreate(template.fingerprint, schema.version, () => plans.explain(request)),
          });
        }
        const start = performance.now();
        let count = 0;
        for (let round = 0; round < ROUNDS; round++) {
          for (const template of all) {
            const signature = makeSignature(template.sql, { fingerprint: template.fingerprint });
            await examineSignature({
              signature,
              schema,
              config,
              stats: null,
              burst: null,
              explain: (request) => cache.getOrCreate(template.fingerprint, schema.version, () => plans.explain(request)),
            });
            count++;
          }
        }
        examined[cached ? 'cached' : 'uncached'].push(count / ((performance.now() - start) / 1000));
      }
    }

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`stream: ${SIGNATURES} signatures per pass over ${FINGERPRINTS} fingerprints, median of ${RUNS} runs`);
    console.log('| path | plan cache | signatures/s | examinations | EXPLAINs |');
    console.log('|---|---|---|---|---|');
    for (const key of ['cold-cached', 'cold-uncached', 'warm-cached', 'warm-uncached'] as const) {
      const [pass, cache] = key.split('-');
      const label = pass === 'cold' ? 'whole handler, first pass (500 new fingerprints)' : 'whole handler, second pass (known fingerprints)';
      console.log(`| ${label} | ${cache === 'cached' ? 'per fingerprint + schema version' : 'off (1 entry)'} | ${median(rates.get(key)!).toFixed(0)} | ${median(examinationCounts.get(key)!)} | ${median(explains.get(key)!)} |`);
    }
    console.log(`| examination only (${ROUNDS} rounds × ${FINGERPRINTS}, warm) | per fingerprint + schema version | – | ${median(examined.cached).toFixed(0)} | 0 |`);
    console.log(`| examination only (warm) | off (1 entry) | – | ${median(examined.uncached).toFixed(0)} | ${ROUNDS * FINGERPRINTS} |`);
  } finally {
    await Promise.all(catalogs.map((c) => c.close()));
    await corpus.close();
  }
}

await main();
