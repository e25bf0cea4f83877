// Benchmark of the synth-generator: rows/s generated (in memory) and generated + loaded
// (COPY into a table with its constraints), beside plain COPY of a pre-made CSV of the
// same rows on the same server in the same run (also as a text-format file read by the
// server, printed beside it). Two scenarios: a 6-column table and a
// 5-table foreign-key chain. Median of BENCH_RUNS runs (default 5).
//
//   npm run bench:synth            BENCH_ROWS (default 1,000,000 per scenario), BENCH_RUNS
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { introspectSchema } from '../../shared/src/schema-model/introspect-schema.js';
import { loadSqlParser } from '../../shared/src/sql/parse-statement.js';
import { quoteIdentifier, quoteQualifiedName } from '../../shared/src/sql/quote-identifier.js';
import { compileGenerators } from '../../services/synth-generator/src/generate/compile-generators.js';
import { loadDataset } from '../../services/synth-generator/src/load/load-dataset.js';
import type { GenerationPlan } from '../../services/synth-generator/src/plan/generation-plan.js';
import { planDataset } from '../../services/synth-generator/src/plan/plan-dataset.js';
import { createTestDatabase } from '../../test/support/postgres/test-database.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME_SPAN = { endMs: Date.UTC(2025, 0, 1), spanMs: 365 * 86_400_000, growth: 4 };

const SIX_COLUMNS = `CREATE TABLE events (
  id bigint PRIMARY KEY, user_id int NOT NULL, kind text NOT NULL, amount numeric(12,2),
  created_at timestamptz NOT NULL, flagged boolean NOT NULL)`;

// Fan-out 1 : 2 : 3 : 4 : 5 over five tables (about ROWS rows in all).
const CHAIN_SHARES = [1, 2, 3, 4, 5];
const CHAIN = `
CREATE TABLE regions (id bigint PRIMARY KEY, name text NOT NULL, code int NOT NULL);
CREATE TABLE stores (id bigint PRIMARY KEY, region_id bigint NOT NULL REFERENCES regions (id), name text NOT NULL, opened_on date NOT NULL);
CREATE TABLE customers (id bigint PRIMARY KEY, store_id bigint NOT NULL REFERENCES stores (id), email text NOT NULL, score int NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL);
CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), quantity int NOT NULL, price numeric(10,2) NOT NULL)`;

interface Scenario {
  readonly name: string;
  readonly ddl: string;
  readonly rows: (table: string) => number;
}

const chainRows = (table: string): number => {
  const order = ['regions', 'stores', 'customers', 'orders', 'order_lines'];
  const share = CHAIN_SHARES[order.indexOf(table)] ?? 1;
  return Math.round((ROWS * share) / CHAIN_SHARES.reduce((a, b) => a + b, 0));
};

const SCENARIOS: readonly Scenario[] = [
  { name: '6-column table', ddl: SIX_COLUMNS, rows: () => ROWS },
  { name: '5-table FK chain', ddl: CHAIN, rows: chainRows },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function plainCopy(pool: pg.Pool, plan: GenerationPlan, files: ReadonlyMap<string, string>, serverSide: boolean, format: 'csv' | 'text'): Promise<number> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query(`TRUNCATE ${plan.tables.map((t) => quoteQualifiedName(t.schema, t.name)).join(', ')}`);
    for (const table of plan.tables) {
      const file = files.get(`${table.name}.${format}`) as string;
      const target = `${quoteQualifiedName(table.schema, table.name)} (${table.copyColumns.map(quoteIdentifier).join(', ')})`;
      if (serverSide) await client.query(`COPY ${target} FROM '${file.replace(/'/g, "''")}' (FORMAT ${format})`);
      else await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT ${format})`)));
    }
    for (const table of plan.tables) await client.query(`SELECT count(*) FROM ${quoteQualifiedName(table.schema, table.name)}`);
    return performance.now() - started;
  } finally {
    client.release();
  }
}

async function main(): Promise<void> {
  await loadSqlParser();
  const dir = mkdtempSync(join(tmpdir(), 'shadowtune-bench-synth-'));
  // The server process reads the CSV files itself for the server-side baseline.
  chmodSync(dir, 0o755);
  const results: Record<string, unknown>[] = [];
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  try {
    for (const scenario of SCENARIOS) {
      const db = await createTestDatabase('st_bench');
      const pool = new pg.Pool({ connectionString: db.url, max: 4 });
      try {
        await pool.query(scenario.ddl);
        const server = (await pool.query('SHOW server_version')).rows[0].server_version as string;
        const model = await introspectSchema(pool);
        const focus = { deepTables: model.tables.map((t) => ({ schema: t.schema, table: t.name, suggestedRows: scenario.rows(t.name) })), skewTargets: [], findingColumns: [], parameterProfiles: [] };
        const plan = planDataset({ model, seed: 1, skewFactor: 1.1, volume: { rows: null, productionMultiple: null, thinRows: 0 }, focus, correlation: 0.9, timeSpan: TIME_SPAN });
        const totalRows = plan.tables.reduce((sum, t) => sum + t.rows, 0);

        // Generation alone: every COPY line built, nothing sent.
        const generators = compileGenerators(plan, { identity: new Map() });
        const generateMs: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const started = performance.now();
          let bytes = 0;
          for (const table of plan.tables) {
            const generator = generators.get(`${table.schema}.${table.name}`);
            if (generator === undefined) continue;
            for (let row = 0; row < table.rows; row += 1) bytes += generator.line(row).length;
          }
          generateMs.push(performance.now() - started);
          if (bytes === 0) throw new Error('nothing generated');
        }

        // The same rows as pre-made CSV files (from a first generated load).
        await loadDataset({ pool, plan, connections: 1, analyze: false });
        const files = new Map<string, string>();
        for (const table of plan.tables) {
          for (const format of ['csv', 'text'] as const) {
            const file = join(dir, `${scenario.name.replace(/\W+/g, '_')}_${table.name}.${format}`);
            const client = await pool.connect();
            try {
              await pipeline(client.query(copyTo(`COPY ${quoteQualifiedName(table.schema, table.name)} (${table.copyColumns.map(quoteIdentifier).join(', ')}) TO STDOUT (FORMAT ${format})`)), createWriteStream(file));
            } finally {
              client.release();
            }
            chmodSync(file, 0o644);
            files.set(`${table.name}.${format}`, file);
          }
        }

        const timings: Record<string, number[]> = { gen1: [], gen2: [], csvClient: [], csvServer: [], textServer: [] };
        for (let run = 0; run < RUNS; run += 1) {
          // Alternate which side goes first so cache warmth does not favour one.
          const order = run % 2 === 0 ? ['gen1', 'gen2', 'csvClient', 'csvServer', 'textServer'] : ['textServer', 'csvServer', 'csvClient', 'gen2', 'gen1'];
          for (const what of order) {
            await pool.query('CHECKPOINT');
            if (what === 'gen1' || what === 'gen2') {
              const started = performance.now();
              await loadDataset({ pool, plan, connections: what === 'gen1' ? 1 : 2, analyze: false });
              timings[what]?.push(performance.now() - started);
            } else {
              timings[what]?.push(await plainCopy(pool, plan, files, what !== 'csvClient', what === 'textServer' ? 'text' : 'csv'));
            }
          }
        }
        const rate = (ms: number) => Math.round(totalRows / (ms / 1000));
        const generated = rate(median(generateMs));
        const gen1 = rate(median(timings.gen1 ?? []));
        const gen2 = rate(median(timings.gen2 ?? []));
        const csvClient = rate(median(timings.csvClient ?? []));
        const csvServer = rate(median(timings.csvServer ?? []));
        const textServer = rate(median(timings.textServer ?? []));
        // The stated baseline is a pre-made CSV (fastest of client stream and server file);
        // the ratio against the fastest plain COPY of any kind is printed beside it.
        const csvBaseline = Math.max(csvClient, csvServer);
        const fastest = Math.max(csvClient, csvServer, textServer);
        const result = {
          scenario: scenario.name,
          server: `PostgreSQL ${server}`,
          rows: totalRows,
          runs: RUNS,
          generatedOnlyRowsPerSec: generated,
          generatedAndLoaded1ConnRowsPerSec: gen1,
          generatedAndLoaded2ConnRowsPerSec: gen2,
          plainCopyCsvClientRowsPerSec: csvClient,
          plainCopyCsvServerFileRowsPerSec: csvServer,
          plainCopyTextServerFileRowsPerSec: textServer,
          bestGeneratedVsCsv: Math.round((Math.max(gen1, gen2) / csvBaseline) * 1000) / 1000,
          bestGeneratedVsFastestCopy: Math.round((Math.max(gen1, gen2) / fastest) * 1000) / 1000,
        };
        results.push(result);
        console.log(JSON.stringify(result));
      } finally {
        await pool.end();
        await db.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n| scenario | rows | generated only | generated + loaded, 1 conn | generated + loaded, 2 conns | plain COPY CSV (client stream) | plain COPY CSV (server file) | plain COPY text (server file) | best generated / CSV | best generated / fastest COPY |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.scenario} | ${r.rows} | ${r.generatedOnlyRowsPerSec} | ${r.generatedAndLoaded1ConnRowsPerSec} | ${r.generatedAndLoaded2ConnRowsPerSec} | ${r.plainCopyCsvClientRowsPerSec} | ${r.plainCopyCsvServerFileRowsPerSec} | ${r.plainCopyTextServerFileRowsPerSec} | ${r.bestGeneratedVsCsv} | ${r.bestGeneratedVsFastestCopy} |`);
  }
}

await main();
