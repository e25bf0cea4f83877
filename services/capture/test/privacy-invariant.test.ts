import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { faker } from '@faker-js/faker';
import { loadModule } from 'libpg-query';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';
import { startHttpInput } from '../src/http/start-http-input.js';
import { readLogFile } from '../src/inputs/log-file/read-log-file.js';
import { openReadOnlySource } from '../src/pg-stat-statements/open-read-only-source.js';
import { PgStatStatementsPoller } from '../src/pg-stat-statements/pg-stat-statements-poller.js';
import { PgStatStatementsReader } from '../src/pg-stat-statements/read-pg-stat-statements.js';
import { createRawEventHandler } from '../src/raw-topic/create-raw-event-handler.js';
import { collectingPipeline } from './support/collecting-pipeline.js';

/*
 * The privacy invariant as a property: statements carrying random literals flow through
 * every input, and no literal may show up in a published record, a dead letter, a log
 * line (pino at trace level) or a metric. Every generated literal embeds a token matching
 * TOKEN (letters never produced by capture itself), every number and date matches NUMBER
 * or DATE, so one scan of everything capture wrote finds any leak, whatever the escaping.
 */
const TOKEN = /tk[a-z0-9]{8}/;
const NUMBER = /97531\d{7,}/;
const DATE = /19[0-4]\d-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/;
const STATEMENTS_PER_INPUT = 1_500;

faker.seed(20_261_121);

function token(): string {
  return `tk${faker.string.alphanumeric({ length: 8, casing: 'lower' })}`;
}

function number(): string {
  return `97531${faker.string.numeric(11)}`;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A literal in SQL syntax, of a random kind. */
function literal(): string {
  switch (faker.number.int({ min: 0, max: 9 })) {
    case 0:
      return sqlString(faker.internet.email({ firstName: token() }));
    case 1:
      return sqlString(`${faker.person.fullName()} O'${token()} Ångström 漢字`);
    case 2:
      return number();
    case 3:
      return `${number()}.${faker.string.numeric(6)}`;
    case 4:
      return sqlString(`it's "quoted" \\ ${token()} 😀`);
    case 5:
      return sqlString(`19${faker.number.int({ min: 10, max: 49 })}-0${faker.number.int({ min: 1, max: 9 })}-1${faker.number.int({ min: 0, max: 9 })} 13:45:12.${faker.string.numeric(6)}`);
    case 6:
      return sqlString(JSON.stringify({ email: `${token()}@example.org`, n: Number(number()), nested: { name: faker.person.firstName(), t: token() } }));
    case 7:
      return `$q$ dollar 'quoted' ${token()} $q$`;
    case 8:
      return `E'line\\n${token()}\\'s'`;
    default:
      return sqlString(`${faker.location.streetAddress()} ${token()}`);
  }
}

/** A bind parameter value as PostgreSQL prints it in DETAIL (quoted, '' escaped) or NULL. */
function parameterValue(): string {
  if (faker.number.int({ min: 0, max: 9 }) === 0) return 'NULL';
  const raw = faker.helpers.arrayElement([faker.internet.email({ firstName: token() }), `${faker.person.fullName()} ${token()}`, number(), `line one\n${token()}`]);
  return sqlString(raw);
}

interface LogEvent {
  readonly message: string;
  readonly detail: string | null;
  readonly application: string;
}

/** One log record with literals: statements of many shapes, parameters, plans, and some that do not parse. */
function logEvent(i: number): LogEvent {
  const application = i % 7 === 0 ? `report for ${faker.internet.email({ firstName: token() })}` : 'billing-api';
  const duration = `duration: ${(i % 97) + 0.25} ms`;
  switch (i % 10) {
    case 0:
      return { message: `${duration}  statement: SELECT * FROM users WHERE email = ${literal()} AND id IN (${literal()}, ${literal()})`, detail: null, application };
    case 1:
      return { message: `${duration}  statement: UPDATE accounts\nSET note = ${literal()},\n    balance = ${literal()}\nWHERE id = ${literal()} /*controller='accounts',action='${faker.internet.email({ firstName: token() })}',user_id='${number()}',note='${token()}'*/`, detail: null, application };
    case 2:
      return { message: `${duration}  statement: INSERT INTO events (payload, at) VALUES (${literal()}, ${literal()}), (${literal()}, ${literal()})`, detail: null, application };
    case 3:
      return { message: `${duration}  execute S_${i % 5}: SELECT * FROM users WHERE email = $1 AND name = $2 AND id > $3`, detail: `Parameters: $1 = ${parameterValue()}, $2 = ${parameterValue()}, $3 = ${parameterValue()}`, application };
    case 4: {
      const plan = JSON.stringify({ 'Query Text': `SELECT * FROM users WHERE email = ${literal()}`, 'Query Parameters': `$1 = ${parameterValue()}`, Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'users', Filter: `(email = ${literal()}::text)`, Output: [`${literal()}::text`] } }, null, 2);
      return { message: `${duration}  plan:\n${plan}`, detail: null, application };
    }
    case 5:
      return { message: `${duration}  plan:\nQuery Text: SELECT *\nFROM users WHERE name = ${literal()}\nQuery Parameters: $1 = ${parameterValue()}\nSeq Scan on users  (cost=0.00..1.01 rows=1 width=4)\n  Filter: (name = ${literal()}::text)`, detail: null, application };
    case 6:
      return { message: `${duration}  statement: SELEC broken FROM users WHERE email = ${literal()} -- ${literal()}`, detail: null, application };
    case 7:
      return { message: `${duration}  statement: SET search_path = ${literal()}; SELECT ${literal()} AS x -- note ${literal()}`, detail: null, application };
    case 8:
      return { message: `${duration}  statement: SELECT * FROM docs WHERE body = ${literal()} AND id = ANY(ARRAY[${literal()}, ${literal()}]) LIMIT 10 OFFSET ${literal()}`, detail: null, application };
    default:
      return { message: `${duration}  statement: ${'SELECT 1 WHERE x = '.repeat(1)}${literal()} AND ${Array.from({ length: 40 }, () => literal()).join(' || ')} = ''`, detail: null, application };
  }
}

const TIME = '2026-11-21 22:24:00.080 UTC';

function stderrText(events: readonly LogEvent[]): Buffer {
  const parts: Buffer[] = [];
  events.forEach((event, i) => {
    const prefix = `${TIME} [${1000 + (i % 9)}] app@shop ${event.application} `;
    parts.push(Buffer.from(`${prefix}LOG:  ${event.message.replaceAll('\n', '\n\t')}\n`));
    if (event.detail !== null) parts.push(Buffer.from(`${prefix}DETAIL:  ${event.detail.replaceAll('\n', '\n\t')}\n`));
    if (i % 250 === 0) parts.push(Buffer.from(`garbage without prefix ${literal()}\n`));
    if (i % 300 === 0) parts.push(Buffer.concat([Buffer.from(`${prefix}LOG:  statement: SELECT ${literal()} `), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(` ${literal()}\n`)]));
  });
  return Buffer.concat(parts);
}

function csvField(value: string | null): string {
  return value === null ? '' : `"${value.replaceAll('"', '""')}"`;
}

function csvRow(event: LogEvent, i: number): string {
  const fields = [TIME, csvField('app'), csvField('shop'), String(1000 + (i % 9)), csvField('10.0.0.7:5432'), `ab${i % 9}.cd`, String(i + 1), csvField('SELECT'), TIME, '3/7', '0', 'LOG', '00000', csvField(event.message), csvField(event.detail), '', '', '', '', '', '', '', csvField(event.application), csvField('client backend'), '', '0'];
  return `${fields.join(',')}\n`;
}

function csvText(events: readonly LogEvent[]): Buffer {
  const parts: string[] = [];
  events.forEach((event, i) => {
    parts.push(csvRow(event, i));
    // A record cut off inside a quoted field, then the next record.
    if (i % 200 === 0) parts.push(`${TIME},"app","shop",1,"10.0.0.7:5432",ab.cd,1,"SELECT",${TIME},3/7,0,LOG,00000,"duration: 1 ms  statement: SELECT ${literal().replaceAll('"', '""')}\n`);
  });
  parts.push(`${TIME},"app","shop",1,"10.0.0.7:5432",ab.cd,1,"SELECT",${TIME},3/7,0,LOG,00000,"statement: SELECT ${literal().replaceAll('"', '""')}`);
  return Buffer.from(parts.join(''));
}

function jsonRecord(event: LogEvent, i: number): string {
  return JSON.stringify({ timestamp: TIME, user: 'app', dbname: 'shop', pid: 1000 + (i % 9), remote_host: '10.0.0.7', session_id: `ab${i % 9}.cd`, line_num: i + 1, error_severity: 'LOG', message: event.message, ...(event.detail === null ? {} : { detail: event.detail }), application_name: event.application });
}

function jsonText(events: readonly LogEvent[]): string {
  return events.map((event, i) => (i % 150 === 0 ? `{"message": ${JSON.stringify(literal())}, "truncated` : jsonRecord(event, i))).join('\n');
}

function events(): LogEvent[] {
  return Array.from({ length: STATEMENTS_PER_INPUT }, (_, i) => logEvent(i));
}

describe('privacy invariant: no literal leaves capture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-capture-privacy-'));
  const target = collectingPipeline({ samplingRate: 0.5, settings: { maxStatementBytes: 2_048 } });
  const responses: string[] = [];
  let database: TestDatabase;

  before(async () => {
    await loadModule();
    database = await createTestDatabase('st_capture_privacy');
  });

  after(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds for stderr, csvlog and jsonlog files', async () => {
    const files = [
      ['stderr', '%m [%p] %q%u@%d %a ', stderrText(events())],
      ['csvlog', '', csvText(events())],
      ['jsonlog', '', Buffer.from(jsonText(events()))],
    ] as const;
    for (const [format, prefix, bytes] of files) {
      const text = bytes.toString('utf8');
      assert.ok(TOKEN.test(text) && NUMBER.test(text) && DATE.test(text), `the ${format} input carries the literals the check looks for`);
      const path = join(dir, `postgresql.${format}`);
      writeFileSync(path, bytes);
      await readLogFile({
        file: { path, format, prefix: prefix || '%m [%p] ', mode: 'once', startAt: 'beginning' },
        pipeline: target.pipeline,
        checkpoints: null,
        pollIntervalMs: 10,
        readChunkBytes: 65_536,
        metrics: target.metrics,
        logger: target.logger,
      });
    }
    assert.ok(target.records.length > 2_000, `published ${target.records.length}`);
    assert.ok(target.deadLetters.length > 10, `dead letters ${target.deadLetters.length}`);
  });

  it('holds for the HTTP endpoint and the raw topic', async () => {
    const server = await startHttpInput({ host: '127.0.0.1', port: 0, bodyLimitBytes: 4 * 1024 * 1024, batchLimit: 1_000, pipeline: target.pipeline, metrics: target.metrics, logger: target.logger });
    try {
      const lines = jsonText(events()).split('\n');
      for (let i = 0; i < lines.length; i += 300) {
        const body = lines.slice(i, i + 300).join('\n');
        const gzip = (i / 300) % 2 === 1;
        const response = await fetch(`http://127.0.0.1:${server.port}/v1/events`, { method: 'POST', body: gzip ? gzipSync(body) : body, headers: gzip ? { 'content-encoding': 'gzip' } : {} });
        responses.push(await response.text());
        assert.equal(response.status, 200);
      }
      const refused = await fetch(`http://127.0.0.1:${server.port}/v1/events`, { method: 'POST', body: `not json ${literal()}\nstill not ${literal()}` });
      responses.push(await refused.text());
      assert.equal(refused.status, 400);
    } finally {
      await server.close();
    }
    const handler = createRawEventHandler({ pipeline: target.pipeline, logger: target.logger });
    const lines = jsonText(events()).split('\n');
    for (let i = 0; i < lines.length; i += 100) {
      await handler({ topic: 'query.events.raw', key: null, value: Buffer.from(lines.slice(i, i + 100).join('\n')), partition: 0, offset: String(i), timestamp: 0, headers: {} });
    }
    await handler({ topic: 'query.events.raw', key: Buffer.from(literal()), value: Buffer.from(`SELECT ${literal()}`), partition: 0, offset: '99999', timestamp: 0, headers: {} });
  });

  it('holds for pg_stat_statements rows (texts PostgreSQL did not normalize: utility statements, comments)', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const source = await openReadOnlySource(database.url);
    try {
      await admin.query('CREATE TABLE pgss (userid oid, dbid oid, toplevel bool, queryid bigint, query text, calls bigint, total_exec_time float8, rows bigint)');
      const texts = Array.from({ length: STATEMENTS_PER_INPUT }, (_, i) =>
        faker.helpers.arrayElement([
          `SET application_name = ${literal()}`,
          `ALTER ROLE app PASSWORD ${literal()}`,
          `SELECT * FROM t WHERE a = $1 /* ${literal()} */`,
          `COPY (SELECT ${literal()}) TO STDOUT`,
          `SELECT $${i % 3 + 1}, ${literal()}`,
        ]),
      );
      await admin.query('INSERT INTO pgss SELECT 10, 1, true, q.n, q.text, 1, 0.5, 1 FROM unnest($1::text[]) WITH ORDINALITY AS q(text, n)', [texts]);
      const poller = new PgStatStatementsPoller({ reader: new PgStatStatementsReader(source.query, 'pgss'), pipeline: target.pipeline, metrics: target.metrics, logger: target.logger });
      await poller.poll();
      await admin.query('UPDATE pgss SET calls = calls + 2, total_exec_time = total_exec_time + 1');
      const summary = await poller.poll();
      assert.equal(summary.published, STATEMENTS_PER_INPUT);
    } finally {
      await source.close();
      await admin.end();
    }
  });

  it('leaves no literal in any record, dead letter, log line or metric', async () => {
    const sources = new Set(target.records.map((record) => record.source));
    assert.deepEqual([...sources].sort(), ['HTTP', 'KAFKA_RAW', 'LOG_CSV', 'LOG_JSON', 'LOG_STDERR', 'PG_STAT_STATEMENTS']);
    for (const flag of ['UNPARSABLE', 'STATEMENT_TOO_LARGE', 'INVALID_UTF8', 'AUTO_EXPLAIN', 'FIRST_IN_WINDOW']) {
      assert.ok(target.records.some((record) => record.flags.includes(flag)), `some record has ${flag}`);
    }
    assert.ok(target.records.some((record) => record.parameters.length > 0 && record.source === 'LOG_STDERR'));
    assert.ok(target.records.some((record) => record.plan !== null));
    assert.ok(target.logLines.length > 0, 'the logger wrote something to check');
    const outputs: Array<[string, string]> = [
      ['published records', JSON.stringify(target.records)],
      ['dead letters', JSON.stringify(target.deadLetters)],
      ['log lines', target.logLines.join('')],
      ['metrics', await target.registry.metrics()],
      ['HTTP responses', responses.join('\n')],
    ];
    for (const [name, text] of outputs) {
      for (const pattern of [TOKEN, NUMBER, DATE]) {
        const leak = pattern.exec(text);
        assert.equal(leak, null, `${name} contain a literal: …${leak === null ? '' : text.slice(Math.max(0, leak.index - 80), leak.index + 40)}…`);
      }
    }
  });
});
