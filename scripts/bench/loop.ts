// `npm run bench:loop`: time from a problematic statement entering capture (a line of a
// PostgreSQL log) to its validated proposal on rewrite.proposals, with every service of the
// loop running over the in-memory bus: capture → signature-analyzer → synth-generator →
// bench-runner → rewrite-engine. "Production" is a fresh database with a 1,000,000-row
// table (no index but the primary key); the shadow is filled to the same volume.
//
// Environment: SHADOWTUNE_BENCH_PG_URL (server for production, shadow and catalog; default
// the test server), SHADOWTUNE_BENCH_RUNS (default 3), SHADOWTUNE_BENCH_ROWS (default 1e6).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import benchRunner from '@shadowtune/bench-runner';
import capture from '@shadowtune/capture';
import rewriteEngine from '@shadowtune/rewrite-engine';
import signatureAnalyzer from '@shadowtune/signature-analyzer';
import synthGenerator from '@shadowtune/synth-generator';
import { datasetDatabasesPattern } from '@shadowtune/synth-generator/service/dataset-database-name';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import type { RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { runServices } from '@shadowtune/shared/service/run-services';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';

const SERVER = process.env.SHADOWTUNE_BENCH_PG_URL ?? process.env.SHADOWTUNE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.SHADOWTUNE_BENCH_RUNS ?? 3);
const ROWS = Number(process.env.SHADOWTUNE_BENCH_ROWS ?? 1_000_000);

function urlOf(database: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Run {
  readonly totalMs: number;
  readonly stages: Record<string, number>;
  readonly proposal: RewriteProposal;
  /** The dataset's tables as the synth-generator loaded them. */
  readonly datasetTables: readonly { readonly table: string; readonly rows: number; readonly deep: boolean }[];
}

async function once(index: number): Promise<Run> {
  const tag = `${process.pid}_${index}`;
  const names = { production: `st_loop_prod_${tag}`, shadow: `st_loop_shadow_${tag}`, catalog: `st_loop_catalog_${tag}` };
  await admin(async (client) => {
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'shadowtune-loop-'));
  try {
    const production = new pg.Client({ connectionString: urlOf(names.production) });
    production.on('error', () => undefined); // reported by the failing query itself
    await production.connect();
    await production.query(`CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL);
      INSERT INTO orders SELECT g, 1 + (g::bigint * 7919) % 50000, CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'delivered' END, (g % 900) + 0.99, timestamptz '2024-01-01' + g * interval '30 seconds'
      FROM generate_series(1, ${ROWS}) g;
      ANALYZE orders;`);
    await production.end();
    const log = join(dir, 'postgresql.log');
    await writeFile(log, `2025-03-03 09:00:00.000 UTC [4242] LOG:  duration: 180.512 ms  statement: SELECT id, status, total FROM orders WHERE customer_id = 4711 ORDER BY created_at DESC LIMIT 20\n`);
    const config = configSchema.parse({
      connections: { production: urlOf(names.production), shadow: urlOf(names.shadow), catalog: urlOf(names.catalog) },
      syntheticDataVolume: { rows: ROWS },
      services: { capture: { logFiles: [{ path: log, format: 'stderr', prefix: '%m [%p] ', mode: 'once' }] } },
    });
    const stages: Record<string, number> = {};
    let datasetTables: Run['datasetTables'] = [];
    const started = Date.now();
    const services = await runServices({
      config,
      definitions: [rewriteEngine, benchRunner, synthGenerator, signatureAnalyzer, capture],
      processName: 'bench-loop',
      health: false,
      logger: createLogger({ service: 'bench-loop', level: 'warn' }),
    });
    try {
      const proposal = await new Promise<RewriteProposal>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no proposal within 15 minutes')), 15 * 60_000);
        void services.bus.subscribe({
          groupId: `bench-loop-observer-${tag}`,
          topics: ['query.signatures', 'query.findings', 'synth.datasets', 'bench.requests', 'bench.results', 'rewrite.proposals'],
          handler: async (event) => {
            const at = Date.now() - started;
            const key = event.topic === 'bench.results' ? (event.value.requestId === null ? 'bench.results (dataset baseline)' : 'bench.results (candidates)') : event.topic;
            stages[key] ??= at;
            if (event.topic === 'synth.datasets') datasetTables = event.value.tables;
            if (event.topic === 'rewrite.proposals' && event.value.kind === 'INDEX') {
              clearTimeout(timer);
              resolve(event.value);
            }
          },
        });
      });
      return { totalMs: Date.now() - started, stages, proposal, datasetTables };
    } finally {
      await services.shutdown();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await admin(async (client) => {
      // The synth-generator's dataset databases (<shadow>_ds_…) go with the shadow.
      const datasets = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [datasetDatabasesPattern(names.shadow)]);
      for (const name of [...datasets.rows.map((r) => r.datname), ...Object.values(names)]) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    });
  }
}

const runs: Run[] = [];
for (let i = 0; i < RUNS; i += 1) {
  const run = await once(i);
  runs.push(run);
  console.error(`run ${i + 1}/${RUNS}: ${(run.totalMs / 1000).toFixed(1)} s`);
}
const last = runs[runs.length - 1]!;
const own = last.proposal.evidence.filter((e) => !e.guard);
console.log(`# bench:loop — statement in capture → validated proposal, ${ROWS.toLocaleString('en')}-row table`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; runs: ${RUNS}`);
console.log(`median total: ${(median(runs.map((r) => r.totalMs)) / 1000).toFixed(1)} s (min ${(Math.min(...runs.map((r) => r.totalMs)) / 1000).toFixed(1)}, max ${(Math.max(...runs.map((r) => r.totalMs)) / 1000).toFixed(1)})`);
console.log('median time at which each topic saw its first record:');
for (const stage of Object.keys(last.stages)) {
  const values = runs.map((r) => r.stages[stage]).filter((v): v is number => v !== undefined);
  console.log(`  ${stage.padEnd(34)} ${(median(values) / 1000).toFixed(1)} s`);
}
console.log(`dataset: ${last.datasetTables.map((t) => `${t.table} ${t.rows.toLocaleString('en')} rows${t.deep ? '' : ' (thin)'}`).join(', ')}`);
console.log(`proposal: ${last.proposal.sql}`);
for (const e of own) console.log(`  ${e.parameterClass.padEnd(13)} baseline ${e.baselineMs.toFixed(2)} ms → candidate ${e.candidateMs.toFixed(3)} ms (×${e.speedup.toFixed(0)})`);
process.exit(0);
