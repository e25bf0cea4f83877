// Throughput of capture: `npm run bench:capture`.
//
// Lines/s through the whole path of a log line, single-threaded: stderr line parsing
// (log_line_prefix '%m [%p] %q%u@%d '), statement interpretation, lexical normalization,
// fingerprint (PostgreSQL 18 grammar through libpg-query, behind the normalized-text cache),
// sampling, parameter profiles, tags, record building and Avro encoding (avsc, the
// query.signatures schema). The generation of the log is not timed.
//   (a) 200 statement templates repeating with varied literals (IN lists of varying
//       length, sqlcommenter comments with trace ids, ~10% execute lines with DETAIL);
//   (b) every statement distinct (own column and table names on every line: a parse each).
// Baselines in the same run: (a) with the cache cut to 100 entries (the 200 templates
// thrash it); (b) libpg-query's parseSync + fingerprintSync alone on the same statements.
// Every run is a fresh child process (memory figures are its own); RSS and heap are sampled
// every 250,000 lines. Throughput is given per wall-clock second and per CPU-second of the
// process (the second moves less when other work shares the machine). Median of BENCH_RUNS
// runs (default 3) of BENCH_LINES lines (default 1,000,000).
// Single core: `BENCH_SCENARIOS=a taskset -c 0 npm run bench:capture` (or BENCH_PIN=0): the
// runs and V8's GC helper threads share one core; that wall-clock figure is the single-core
// throughput. Avro: capture's QuerySignatureEncoder (byte-identical to avsc, see its test);
// BENCH_ENCODER=avsc encodes with avsc's Type#encode instead.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import avro from 'avsc';
import { fingerprintSync, loadModule, parseSync } from 'libpg-query';
import { Registry } from 'prom-client';
import { configSchema } from '../../shared/src/config/config-schema.js';
import type { QuerySignature } from '../../shared/src/contracts/generated-types.js';
import { createLogger } from '../../shared/src/log/create-logger.js';
import { StderrLogDecoder } from '../../services/capture/src/log/stderr-log-decoder.js';
import { compileLogLinePrefix } from '../../services/capture/src/log/compile-log-line-prefix.js';
import { CaptureMetrics } from '../../services/capture/src/metrics/capture-metrics.js';
import { CapturePipeline } from '../../services/capture/src/pipeline/capture-pipeline.js';
import { QuerySignatureEncoder } from '../../services/capture/src/pipeline/query-signature-encoder.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHUNK_LINES = 5_000;
const RSS_EVERY = 250_000;
/** A CPU number: every run is pinned to it with taskset (the single-core measurement). */
const PIN = process.env.BENCH_PIN;
/** Scenarios to run, e.g. BENCH_SCENARIOS=a or a,b (default: a,b with their baselines). */
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? 'a,a-baseline,b,b-baseline').split(','));
const PREFIX = '%m [%p] %q%u@%d ';
/** Avro encoder: capture's own (`capture`, default; byte-identical to avsc, see its test) or avsc's `Type#encode` (`avsc`). */
const ENCODER = process.env.BENCH_ENCODER ?? 'capture';

const schema = JSON.parse(readFileSync(new URL('../../schemas/query.signatures.avsc', import.meta.url), 'utf8')) as avro.Schema;
const signatureType = avro.Type.forSchema(schema);
const logger = createLogger({ service: 'bench', level: 'silent' });

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const WORDS = ['alpha', 'bravo', "o'neil", 'zoë', 'delta', 'echo', 'foxtrot', 'ünïcode', 'golf', 'hotel'];

interface Generator {
  /** The statement and, for execute lines, the DETAIL parameters. */
  line(i: number): { statement: string; execute: string | null };
}

/** (a) 200 templates: ORM-style statements over 25 tables, literals drawn per line. */
function templatesGenerator(seed: number): Generator {
  const next = random(seed);
  const int = (max: number): number => Math.floor(next() * max);
  const text = (): string => `'${WORDS[int(WORDS.length)]!.replaceAll("'", "''")}-${int(1e9)}'`;
  const list = (): string => Array.from({ length: 1 + int(12) }, () => int(1e6)).join(', ');
  const comment = (t: number): string => `/*controller='c${t % 17}',action='a${t % 5}',traceparent='00-${int(2 ** 31).toString(16).padStart(8, '0')}${int(2 ** 31).toString(16)}-01'*/`;
  const shapes: Array<(t: number) => string> = [
    (t) => `SELECT "t${t % 25}"."id", "t${t % 25}"."name", "t${t % 25}"."c${t}" FROM "t${t % 25}" WHERE "t${t % 25}"."email" = ${text()} AND "t${t % 25}"."org_id" = ${int(1e5)} LIMIT ${1 + int(50)}`,
    (t) => `SELECT * FROM t${t % 25} WHERE id IN (${list()}) AND kind_${t} = ${text()} ${comment(t)}`,
    (t) => `UPDATE t${t % 25} SET name = ${text()}, score_${t} = ${(next() * 1000).toFixed(2)}, updated_at = '2024-0${1 + int(9)}-1${int(10)} 12:00:00' WHERE id = ${int(1e7)}`,
    (t) => `INSERT INTO t${t % 25} (a_${t}, b, c) VALUES (${int(1e6)}, ${text()}, '{"k": ${int(100)}}')`,
    (t) => `DELETE FROM t${t % 25} WHERE created_at < now() - interval '${1 + int(30)} days' AND flag_${t} = ${next() < 0.5 ? 'true' : 'false'}`,
    (t) => `SELECT o.id, sum(l.amount) FROM orders_${t % 25} o JOIN lines l ON l.order_id = o.id WHERE o.customer_id = ${int(1e6)} AND l.sku_${t} = ${text()} GROUP BY o.id ORDER BY 2 DESC LIMIT 20`,
    (t) => `SELECT count(*) FROM events_${t % 25} WHERE tenant = ${text()} AND at BETWEEN '2024-01-0${1 + int(9)}' AND '2024-02-0${1 + int(9)}' AND k${t} = ${int(100)}`,
    (t) => `SELECT * FROM t${t % 25} WHERE d${t} @> '{"tags": ["${WORDS[int(WORDS.length)]!.replaceAll("'", "''")}"]}' AND id > ${int(1e6)} ORDER BY id LIMIT 100 OFFSET ${int(1000)}`,
  ];
  const executes = new Map<number, string>();
  return {
    line(i) {
      const t = int(200);
      if (t % 10 === 9) {
        let sql = executes.get(t);
        if (sql === undefined) {
          sql = `SELECT * FROM t${t % 25} WHERE email_${t} = $1 AND org_id = $2 AND status = $3`;
          executes.set(t, sql);
        }
        return { statement: sql, execute: `Parameters: $1 = ${text()}, $2 = '${int(1e5)}', $3 = ${next() < 0.8 ? "'active'" : 'NULL'}` };
      }
      return { statement: shapes[t % shapes.length]!(t), execute: null };
    },
  };
}

/** (b) Every line its own statement: column, alias and table names carry the line number. */
function distinctGenerator(seed: number): Generator {
  const next = random(seed);
  const int = (max: number): number => Math.floor(next() * max);
  const shapes: Array<(i: number) => string> = [
    (i) => `SELECT id, c${i}, name FROM t${i % 997} WHERE email = 'x${int(1e9)}@ex.com' AND org_${i} = ${int(1e5)} LIMIT 20`,
    (i) => `UPDATE accounts_${i % 991} SET bal_${i} = bal_${i} - ${int(1000)}.5 WHERE id = ${int(1e7)}`,
    (i) => `INSERT INTO events_${i % 983} (kind_${i}, payload) VALUES ('click', '{"a": ${int(99)}}')`,
    (i) => `SELECT o.id FROM orders o JOIN c${i} c ON c.id = o.customer_id WHERE c.email = 'a${int(1e6)}@b.c' ORDER BY o.id DESC LIMIT 50`,
    (i) => `DELETE FROM sessions_${i % 977} WHERE expires_${i} < now() - interval '1 day'`,
  ];
  return { line: (i) => ({ statement: shapes[i % shapes.length]!(i), execute: null }) };
}

function chunkOf(generator: Generator, from: number, count: number): { bytes: Buffer; statements: string[] } {
  const parts: string[] = [];
  const statements: string[] = [];
  for (let i = from; i < from + count; i += 1) {
    const millis = 1_700_000_000_000 + i;
    const timestamp = new Date(millis).toISOString().replace('T', ' ').replace('Z', ' UTC');
    const prefix = `${timestamp} [${1000 + (i % 50)}] app@shop `;
    const { statement, execute } = generator.line(i);
    statements.push(statement);
    if (execute === null) {
      parts.push(`${prefix}LOG:  duration: ${(i % 100) / 10 + 0.05} ms  statement: ${statement}\n`);
    } else {
      parts.push(`${prefix}LOG:  duration: ${(i % 100) / 10 + 0.05} ms  execute S_${i % 7}: ${statement}\n${prefix}DETAIL:  ${execute}\n`);
    }
  }
  return { bytes: Buffer.from(parts.join('')), statements };
}

interface RunResult {
  readonly linesPerSecond: number;
  /** Lines per second of CPU time of this process (user + system): what the machine's other load does not change much. */
  readonly linesPerCpuSecond: number;
  readonly records: number;
  readonly unparsed: number;
  readonly bytesPerRecord: number;
  readonly cacheHitRate: number;
  readonly rssMb: number[];
  readonly heapMb: number[];
}

function runPipeline(generatorOf: (seed: number) => Generator, seed: number, cacheSize: number, lines: number): RunResult {
  const settings = { ...configSchema.parse({}).services.capture, fingerprintCacheSize: cacheSize };
  let records = 0;
  let unparsed = 0;
  let bytes = 0;
  // Encoding into one reused buffer (toBuffer allocates one per record).
  const buffer = Buffer.alloc(1 << 20);
  const encoder = new QuerySignatureEncoder();
  const encode = ENCODER === 'avsc' ? (record: QuerySignature): number => signatureType.encode(record, buffer, 0) : (record: QuerySignature): number => encoder.encode(record, buffer, 0);
  const pipeline = new CapturePipeline({
    settings,
    samplingRate: 1,
    metrics: new CaptureMetrics(new Registry()),
    logger,
    publisher: {
      publish(record: QuerySignature) {
        records += 1;
        if (!record.parsed) unparsed += 1;
        const end = encode(record);
        if (end < 0) throw new Error('record larger than the encoding buffer');
        bytes += end;
      },
      deadLetter() {
        throw new Error('unexpected dead letter');
      },
    },
  });
  const decoder = new StderrLogDecoder({ prefix: compileLogLinePrefix(PREFIX), identity: 'file:1:2:0', startOffset: 0, startLine: 1 });
  const generator = generatorOf(seed);
  const origin = { originalTopic: 'log:stderr', partition: -1, offset: -1 };
  let lineCount = 0;
  let elapsed = 0;
  let cpu = 0;
  const rssMb: number[] = [];
  const heapMb: number[] = [];
  for (let from = 0; from < lines; from += CHUNK_LINES) {
    const { bytes: chunk } = chunkOf(generator, from, Math.min(CHUNK_LINES, lines - from));
    lineCount += chunk.reduce((count, byte) => (byte === 10 ? count + 1 : count), 0);
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const batch = pipeline.batch();
    // As the file reader does: each entry handled as soon as it is decoded.
    decoder.pushEach(chunk, (entry) => batch.handleEntry(entry, 'stderr', origin));
    if (from + CHUNK_LINES >= lines) for (const entry of decoder.end()) batch.handleEntry(entry, 'stderr', origin);
    void batch.settle();
    const cpuUsed = process.cpuUsage(cpuStarted);
    cpu += (cpuUsed.user + cpuUsed.system) / 1e6;
    elapsed += Number(process.hrtime.bigint() - started) / 1e9;
    if ((from + CHUNK_LINES) % RSS_EVERY === 0) {
      const memory = process.memoryUsage();
      rssMb.push(Math.round(memory.rss / 1_048_576));
      heapMb.push(Math.round(memory.heapUsed / 1_048_576));
    }
  }
  const stats = pipeline.fingerprinter.stats;
  return { linesPerSecond: lineCount / elapsed, linesPerCpuSecond: lineCount / cpu, records, unparsed, bytesPerRecord: bytes / Math.max(1, records), cacheHitRate: stats.hits / Math.max(1, stats.hits + stats.misses), rssMb, heapMb };
}

function runLibpgAlone(seed: number, lines: number): { statementsPerSecond: number; statementsPerCpuSecond: number } {
  const generator = distinctGenerator(seed);
  let elapsed = 0;
  let cpu = 0;
  for (let from = 0; from < lines; from += CHUNK_LINES) {
    const { statements } = chunkOf(generator, from, Math.min(CHUNK_LINES, lines - from));
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (const statement of statements) {
      parseSync(statement);
      fingerprintSync(statement);
    }
    const cpuUsed = process.cpuUsage(cpuStarted);
    cpu += (cpuUsed.user + cpuUsed.system) / 1e6;
    elapsed += Number(process.hrtime.bigint() - started) / 1e9;
  }
  return { statementsPerSecond: lines / elapsed, statementsPerCpuSecond: lines / cpu };
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

const child = process.argv[2] === '--child' ? process.argv[3] : undefined;
if (child !== undefined) {
  // One measurement in this (fresh) process; the result goes to stdout as JSON.
  await loadModule();
  const seed = Number(process.argv[4] ?? 1);
  let result: unknown;
  if (child === 'a') result = runPipeline(templatesGenerator, seed, 20_000, LINES);
  else if (child === 'a-baseline') result = runPipeline(templatesGenerator, seed, 100, Math.min(LINES, 200_000));
  else if (child === 'b') result = runPipeline(distinctGenerator, seed, 20_000, LINES);
  else result = runLibpgAlone(seed, Math.min(LINES, 200_000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const NAMES: Readonly<Record<string, string>> = {
  a: '(a) 200 templates',
  'a-baseline': '(a) baseline: cache cut to 100 entries',
  b: '(b) every statement distinct',
  'b-baseline': '(b) baseline: libpg-query parseSync + fingerprintSync alone (statements/s)',
};

function measure(scenario: string, seed: number): unknown {
  const script = new URL(import.meta.url).pathname;
  const command = [process.execPath, ...process.execArgv, script, '--child', scenario, String(seed)];
  if (PIN !== undefined) command.unshift('taskset', '-c', PIN);
  const output = execFileSync(command[0]!, command.slice(1), { env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(output.toString('utf8').trim().split('\n').at(-1) ?? '{}') as unknown;
}

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`capture benchmark: ${LINES.toLocaleString('en-US')} lines per run, median of ${RUNS} runs, each run a fresh process`);
console.log(`machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const usable = PIN === undefined ? availableParallelism() : 1;
console.log(`cores the runs may use: ${usable}${usable === 1 ? ' (pinned: single-core figures, GC helper threads share the core)' : ' (V8 GC helper threads may use another core: see lines per CPU-second, or pin with taskset -c 0 / BENCH_PIN=0)'}; Avro encoder: ${ENCODER === 'avsc' ? "avsc's Type#encode" : 'QuerySignatureEncoder'}`);
const results = new Map<string, RunResult[]>();
const libpg: Array<{ statementsPerSecond: number; statementsPerCpuSecond: number }> = [];
for (let run = 0; run < RUNS; run += 1) {
  for (const scenario of ['a', 'a-baseline', 'b', 'b-baseline']) {
    if (!SCENARIOS.has(scenario)) continue;
    const measured = measure(scenario, run + 1);
    if (scenario === 'b-baseline') {
      const rates = measured as { statementsPerSecond: number; statementsPerCpuSecond: number };
      libpg.push(rates);
      console.log(`  ${NAMES[scenario]}: ${format(rates.statementsPerSecond)} (${format(rates.statementsPerCpuSecond)} per CPU-second)`);
      continue;
    }
    const result = measured as RunResult;
    results.set(scenario, [...(results.get(scenario) ?? []), result]);
    console.log(`  ${NAMES[scenario]}: ${format(result.linesPerSecond)} lines/s (${format(result.linesPerCpuSecond)} per CPU-second), ${format(result.records)} records (${format(result.unparsed)} unparsed), ${result.bytesPerRecord.toFixed(0)} B/record (Avro), cache hits ${(result.cacheHitRate * 100).toFixed(2)}%, RSS MB ${result.rssMb.join(' → ')}, heap MB ${result.heapMb.join(' → ')}`);
  }
}
console.log('\n| scenario | lines/s (median, wall clock) | lines per CPU-second (median) | runs (wall clock) | cache hits | RSS / heap used every 250k lines (MB, last run) |');
console.log('|---|---|---|---|---|---|');
for (const [scenario, runs] of results) {
  const last = runs.at(-1);
  console.log(`| ${NAMES[scenario] ?? scenario} | ${format(median(runs.map((r) => r.linesPerSecond)))} | ${format(median(runs.map((r) => r.linesPerCpuSecond)))} | ${runs.map((r) => format(r.linesPerSecond)).join(', ')} | ${((last?.cacheHitRate ?? 0) * 100).toFixed(2)}% | ${last?.rssMb.join(' → ') ?? ''} / ${last?.heapMb.join(' → ') ?? ''} |`);
}
if (libpg.length > 0) {
  console.log(`| ${NAMES['b-baseline']} | ${format(median(libpg.map((r) => r.statementsPerSecond)))} | ${format(median(libpg.map((r) => r.statementsPerCpuSecond)))} | ${libpg.map((r) => format(r.statementsPerSecond)).join(', ')} | – | – |`);
}
