import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { loadModule } from 'libpg-query';
import type { LogFormat } from '../../src/log/create-log-decoder.js';
import type { StatementObservation } from '../../src/pipeline/statement-observation.js';
import { collectingPipeline, type CollectingPipeline } from '../support/collecting-pipeline.js';
import { decodeAll } from '../support/decode-all.js';
import { fixture } from '../support/fixture.js';

const ORIGIN = { originalTopic: 'log:test', partition: -1, offset: -1 };

async function run(format: LogFormat, bytes: Buffer, prefix?: string, target = collectingPipeline()): Promise<CollectingPipeline> {
  const batch = target.pipeline.batch();
  for (const entry of decodeAll(format, bytes, prefix === undefined ? {} : { prefix })) batch.handleEntry(entry, format, ORIGIN);
  await batch.settle();
  return target;
}

function observation(statement: string, extra: Partial<StatementObservation> = {}): StatementObservation {
  return {
    source: 'LOG_STDERR',
    sourcePosition: 'file:1:2:0:1',
    observedAt: 1_000,
    statement,
    parameters: null,
    calls: 1,
    durationMs: 1,
    totalDurationMs: 1,
    rows: null,
    plan: null,
    origin: { database: 'shop', user: 'app', application: null, client: null, session: '1' },
    flags: [],
    sampled: true,
    profiled: true,
    ...extra,
  };
}

/** What must not depend on the log format. */
function essence(record: QuerySignature): string {
  return JSON.stringify([record.fingerprint, record.normalizedSql, record.statementKind, record.relations, record.durationMs, record.calls, record.flags.filter((flag) => flag !== 'FIRST_IN_WINDOW'), record.tags.database, record.tags.user, record.plan]);
}

describe('CapturePipeline', () => {
  before(async () => {
    await loadModule();
  });

  it('publishes the same signatures from the stderr, csvlog and jsonlog files of one server', async () => {
    const stderr = await run('stderr', fixture('pg18-default.stderr'));
    const csv = await run('csvlog', fixture('pg18-default.csv'));
    const json = await run('jsonlog', fixture('pg18-default.jsonl'));
    assert.ok(stderr.records.length >= 20);
    assert.deepEqual(csv.records.map(essence), stderr.records.map(essence));
    assert.deepEqual(json.records.map(essence), stderr.records.map(essence));
    assert.deepEqual([stderr.deadLetters, csv.deadLetters, json.deadLetters], [[], [], []]);
    const pg15stderr = await run('stderr', fixture('pg15-session-prefix.stderr'), '%m [%p] %c %q[%a] %u@%d/%r ');
    const pg15csv = await run('csvlog', fixture('pg15-session-prefix.csv'));
    assert.deepEqual(pg15csv.records.map(essence), pg15stderr.records.map(essence));
  });

  it('turns a real log into literal-free records with tags, parameter profiles and stripped plans', async () => {
    const { records } = await run('stderr', fixture('pg18-pgbadger-prefix.stderr'), '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ');
    const listing = records.find((record) => record.normalizedSql.startsWith('SELECT * FROM users u WHERE u.id IN') && record.plan === null);
    assert.ok(listing);
    assert.equal(listing.normalizedSql, "SELECT * FROM users u WHERE u.id IN ($1) AND u.prefs->>$2 = $3 ORDER BY u.id DESC LIMIT $4");
    assert.deepEqual(listing.tags.comment, { controller: 'users', action: 'index', framework: 'rails:7.1' });
    assert.equal(listing.tags.application, 'billing-api');
    assert.equal(listing.statementKind, 'SELECT');
    assert.deepEqual(listing.relations, ['users']);
    assert.deepEqual(listing.parameters.map((profile) => [profile.position, profile.typeClass, profile.sampleCount]), [[1, 'INTEGER', 4], [2, 'TEXT', 1], [3, 'TEXT', 1], [4, 'INTEGER', 1]]);
    const executes = records.filter((record) => record.normalizedSql === 'SELECT id, name FROM users WHERE email = $1 AND id > $2' && record.plan === null);
    assert.equal(executes.length, 2);
    assert.deepEqual(executes[1]?.parameters, [
      { position: 1, typeClass: 'TEXT', sampleCount: 2, topShare: 0.5, distinctEstimate: 2 },
      { position: 2, typeClass: 'INTEGER', sampleCount: 2, topShare: 0.5, distinctEstimate: 2 },
    ]);
    const plans = records.filter((record) => record.plan !== null);
    assert.ok(plans.length >= 5);
    for (const record of plans) {
      assert.ok(record.flags.includes('AUTO_EXPLAIN'));
      assert.equal(record.calls, 0);
      const plan = JSON.parse(record.plan ?? '{}') as { Format: string; Plan: string };
      assert.equal(plan.Format, 'text');
      assert.ok(plan.Plan.startsWith(`Query Text: ${record.normalizedSql}\n`), plan.Plan);
    }
    const audit = records.find((record) => record.relations.includes('audit.users'));
    assert.ok(audit);
    const publicUsers = records.find((record) => record.relations.includes('users') && record.statementKind === 'SELECT');
    assert.notEqual(audit.fingerprint, publicUsers?.fingerprint);
    const text = JSON.stringify(records);
    for (const literal of ["o''neil", "o'neil", 'ann.o', 'bob@example.org', 'Zoë', 'line one', 'dark \'mode', '2024-02-29', 'rails%3A7.1', '7 days', 'broken@example.com']) {
      assert.ok(!text.includes(literal), `published records contain ${literal}`);
    }
  });

  it('publishes an unparsable statement with a lexical fingerprint and flag UNPARSABLE', async () => {
    const { pipeline, records } = collectingPipeline();
    const batch = pipeline.batch();
    batch.handleObservation(observation("SELEC * FROM users WHERE email = 'x@y.z'"));
    await batch.settle();
    assert.equal(records[0]?.parsed, false);
    assert.deepEqual(records[0]?.flags, ['UNPARSABLE', 'FIRST_IN_WINDOW']);
    assert.equal(records[0]?.normalizedSql, 'SELEC * FROM users WHERE email = $1');
  });

  it('does not parse a statement over maxStatementBytes: flag STATEMENT_TOO_LARGE, lexical fingerprint, bounded text', async () => {
    const { pipeline, records, registry } = collectingPipeline({ settings: { maxStatementBytes: 4_096 } });
    const huge = `SELECT * FROM t WHERE payload = '${'x'.repeat(1_048_576)}' AND ${Array.from({ length: 2_000 }, (_, i) => `c${i} = ${i}`).join(' AND ')}`;
    const batch = pipeline.batch();
    batch.handleObservation(observation(huge));
    batch.handleObservation(observation('SELECT 1'));
    await batch.settle();
    assert.equal(records.length, 2);
    assert.equal(records[0]?.parsed, false);
    assert.deepEqual(records[0]?.flags, ['STATEMENT_TOO_LARGE', 'TRUNCATED', 'FIRST_IN_WINDOW']);
    assert.equal(records[0]?.normalizedSql.length, 4_096);
    assert.ok(!records[0]?.normalizedSql.includes('xxx'));
    assert.equal(records[1]?.parsed, true);
    assert.match(await registry.metrics(), /shadowtune_capture_flags_total\{flag="STATEMENT_TOO_LARGE"\} 1/);
  });

  it('samples deterministically, keeps the first of a window and weights the rest', async () => {
    const { pipeline, records } = collectingPipeline({ samplingRate: 0.25 });
    const batch = pipeline.batch();
    for (let i = 0; i < 4_000; i += 1) batch.handleObservation(observation(`SELECT * FROM t WHERE id = ${i}`, { sourcePosition: `file:1:2:${i}:${i}`, observedAt: 1_000 + i }));
    await batch.settle();
    const first = records.filter((record) => record.flags.includes('FIRST_IN_WINDOW'));
    assert.equal(first.length, 1);
    assert.equal(first[0]?.samplingWeight, 1);
    assert.ok(records.every((record) => record.flags.includes('FIRST_IN_WINDOW') || record.samplingWeight === 4));
    const weighted = records.reduce((sum, record) => sum + record.samplingWeight * record.calls, 0);
    assert.ok(Math.abs(weighted - 4_000) / 4_000 < 0.1, `weighted calls ${weighted}`);
    // Profiles see every observation, sampled out or not.
    assert.equal(records.at(-1)?.parameters[0]?.sampleCount, records.at(-1) === undefined ? 0 : Number(records.at(-1)?.sourcePosition?.split(':')[3]) + 1);
  });

  it('publishes a bound statement seen again (its normalization kept) as it published it the first time', () => {
    const cached = collectingPipeline();
    const statement = 'SELECT * FROM accounts WHERE email = $1 AND org_id = $2 AND status = ANY($3)';
    const values = [['a@b.c', '1', '{x}'], ['d@e.f', '2', null], ['a@b.c', '3', '{y}'], ['g@h.i', '1', '{x}']];
    const batch = cached.pipeline.batch();
    values.forEach((parameters, i) => batch.handleObservation(observation(statement, { parameters, sourcePosition: `file:1:2:0:${i}` })));
    // Each statement normalized afresh (a pipeline of its own sees the text once).
    const fresh = values.map((parameters, i) => {
      const own = collectingPipeline();
      own.pipeline.batch().handleObservation(observation(statement, { parameters, sourcePosition: `file:1:2:0:${i}` }));
      return own.records[0];
    });
    assert.equal(cached.records.length, 4);
    for (let i = 0; i < 4; i += 1) {
      assert.equal(cached.records[i]?.normalizedSql, fresh[i]?.normalizedSql);
      assert.equal(cached.records[i]?.fingerprint, fresh[i]?.fingerprint);
    }
    assert.deepEqual(cached.records[3]?.parameters.map((p) => [p.position, p.typeClass, p.sampleCount]), [[1, 'TEXT', 4], [2, 'INTEGER', 4], [3, 'LIST', 4]]);
  });

  it('gives a replayed line the same eventId and another line another one', async () => {
    const { pipeline, records } = collectingPipeline();
    const batch = pipeline.batch();
    batch.handleObservation(observation('SELECT 1', { sourcePosition: 'file:1:2:100:3' }));
    batch.handleObservation(observation('SELECT 1', { sourcePosition: 'file:1:2:100:3' }));
    batch.handleObservation(observation('SELECT 1', { sourcePosition: 'file:1:2:200:4' }));
    await batch.settle();
    assert.equal(records[0]?.eventId, records[1]?.eventId);
    assert.notEqual(records[0]?.eventId, records[2]?.eventId);
    assert.match(records[0]?.eventId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('dead-letters malformed input without its bytes, counts it, and goes on', async () => {
    const text = "2026-11-21 22:24:00.079 UTC [1] u@d LOG:  duration: 1.000 ms  statement: SELECT 1\nsecret-garbage 'ann@example.com'\n2026-11-21 22:24:00.080 UTC [1] u@d LOG:  duration: 1.000 ms  statement: SELECT 2\n";
    const { records, deadLetters, registry, logLines } = await run('stderr', Buffer.from(text));
    assert.equal(records.length, 2);
    assert.equal(deadLetters.length, 1);
    assert.equal(deadLetters[0]?.value, null);
    assert.equal(deadLetters[0]?.errorCode, 'LOG_LINE_MALFORMED');
    assert.match(deadLetters[0]?.reason ?? '', /at file:1:2:\d+:2/);
    assert.ok(!JSON.stringify(deadLetters).includes('ann@') && !logLines.join('').includes('ann@'));
    assert.match(await registry.metrics(), /shadowtune_capture_dead_letters_total\{input="stderr",code="LOG_LINE_MALFORMED"\} 1/);
  });
});
