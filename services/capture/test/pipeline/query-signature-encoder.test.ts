import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { SCHEMA_DIR } from '@shadowtune/shared/contracts/schema-dir';
import avro from 'avsc';
import { loadModule } from 'libpg-query';
import { QuerySignatureEncoder } from '../../src/pipeline/query-signature-encoder.js';
import { collectingPipeline } from '../support/collecting-pipeline.js';
import { decodeAll } from '../support/decode-all.js';
import { fixture } from '../support/fixture.js';

const avsc = avro.Type.forSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, 'query.signatures.avsc'), 'utf8')) as avro.Schema);
const ORIGIN = { originalTopic: 'log:test', partition: -1, offset: -1 };

function base(extra: Partial<Record<keyof QuerySignature, unknown>> = {}): QuerySignature {
  return {
    eventId: '6f1c2a9e-0b7d-5c3e-9a41-2f8e7d6c5b4a',
    fingerprint: '0123456789abcdef',
    normalizedSql: 'SELECT * FROM t WHERE id = $1',
    statementKind: 'SELECT',
    relations: ['t'],
    parsed: true,
    flags: [],
    source: 'LOG_STDERR',
    sourcePosition: 'file:1:2:0:120:3',
    observedAt: 1_700_000_000_123,
    calls: 1,
    samplingWeight: 1,
    durationMs: 0.25,
    totalDurationMs: 0.25,
    rows: null,
    tags: { database: 'shop', user: 'app', application: null, client: null, session: '1234', comment: {} },
    parameters: [{ position: 1, typeClass: 'INTEGER', sampleCount: 3, topShare: 1 / 3, distinctEstimate: 3 }],
    plan: null,
    ...extra,
  } as QuerySignature;
}

/** Encodes with both (twice with ours, so that the cached statement bytes are used too) and compares. */
function assertSameBytes(encoder: QuerySignatureEncoder, record: QuerySignature, label: string): void {
  const expected = avsc.toBuffer(record);
  assert.deepEqual(encoder.toBuffer(record), expected, `${label} (first)`);
  assert.deepEqual(encoder.toBuffer(record), expected, `${label} (second)`);
  const buffer = Buffer.alloc(expected.length + 10, 0xaa);
  assert.equal(encoder.encode(record, buffer, 5), 5 + expected.length, `${label} (end offset)`);
  assert.deepEqual(buffer.subarray(5, 5 + expected.length), expected, `${label} (at an offset)`);
}

const TEXTS = ['', 'a', 'zoë', 'ünïcode-ÿ', '日本語', 'emoji 😀 here', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), `${'y'.repeat(62)}é`, `${'y'.repeat(63)}é`, `é${'z'.repeat(70)}`, '\u0000nul', 'lone \ud800 surrogate'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('QuerySignatureEncoder', () => {
  before(async () => {
    await loadModule();
  });

  it('writes what avsc writes for the records of the recorded logs', async () => {
    const encoder = new QuerySignatureEncoder();
    let count = 0;
    for (const [format, name] of [['stderr', 'pg18-default.stderr'], ['csvlog', 'pg18-default.csv'], ['jsonlog', 'pg18-default.jsonl'], ['stderr', 'pg18-pgbadger-prefix.stderr']] as const) {
      const target = collectingPipeline();
      const batch = target.pipeline.batch();
      const prefix = name.includes('pgbadger') ? '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' : undefined;
      for (const entry of decodeAll(format, fixture(name), prefix === undefined ? {} : { prefix })) batch.handleEntry(entry, format, ORIGIN);
      await batch.settle();
      for (const record of target.records) {
        assertSameBytes(encoder, record, `${name} ${record.fingerprint}`);
        count += 1;
      }
    }
    assert.ok(count > 50, `only ${count} records`);
  });

  it('writes what avsc writes for edge values: non-ASCII and long texts, large and negative numbers, maps, nulls, defaults', () => {
    const encoder = new QuerySignatureEncoder();
    for (const text of TEXTS) {
      assertSameBytes(encoder, base({ normalizedSql: `SELECT ${text}`, sourcePosition: text, plan: text, relations: [text, 's.t'], flags: [text], tags: { database: text, user: null, application: text, client: text, session: null, comment: { [text]: text, route: '/a/:id' } } }), `text ${JSON.stringify(text)}`);
    }
    for (const n of [0, 1, -1, 63, 64, -64, -65, 2 ** 30 - 1, 2 ** 30, -(2 ** 30), -(2 ** 30) - 1, 2 ** 31, 2 ** 32 + 5, -(2 ** 40), 9007199254740990, -9007199254740990]) {
      assertSameBytes(encoder, base({ observedAt: n, calls: n, rows: n, parameters: [{ position: n | 0, typeClass: 'TEXT', sampleCount: n, topShare: n, distinctEstimate: n }] }), `number ${n}`);
    }
    for (const d of [0, -0, 1.5, -2.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, Number.MAX_VALUE, 1e-300]) {
      assertSameBytes(encoder, base({ samplingWeight: d, durationMs: d, totalDurationMs: d }), `double ${d}`);
    }
    assertSameBytes(encoder, base({ durationMs: null, totalDurationMs: null, sourcePosition: null, rows: 7, plan: '{"Plan": {}}' }), 'nulls');
    const { relations: _r, flags: _f, calls: _c, samplingWeight: _w, parameters: _p, plan: _pl, sourcePosition: _s, rows: _rw, ...withoutDefaults } = base();
    assertSameBytes(encoder, withoutDefaults as QuerySignature, 'fields left to their defaults');
    const many = Array.from({ length: 70 }, (_, i) => ({ position: i + 1, typeClass: 'UUID' as const, sampleCount: i * 1000, topShare: i / 70, distinctEstimate: i * 3.5 }));
    assertSameBytes(encoder, base({ parameters: many, flags: ['FIRST_IN_WINDOW', 'UNPARSABLE'], relations: [] }), 'many parameters');
    for (const kind of ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'DDL', 'UTILITY', 'OTHER']) {
      for (const source of ['LOG_STDERR', 'LOG_CSV', 'LOG_JSON', 'PG_STAT_STATEMENTS', 'HTTP', 'KAFKA_RAW', 'PROXY', 'OTHER']) {
        assertSameBytes(encoder, base({ statementKind: kind, source, normalizedSql: `${kind} ${source}` }), `${kind} ${source}`);
      }
    }
  });

  it('writes what avsc writes for random records (the statement bytes cached and reused)', () => {
    const encoder = new QuerySignatureEncoder({ statementCacheSize: 16 });
    const next = random(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const statements = Array.from({ length: 40 }, (_, i) => ({ sql: `SELECT c${i} FROM t${i % 7} WHERE ${pick(TEXTS)} = $1`, fingerprint: (0x1000 + i).toString(16).padStart(16, '0') }));
    for (let i = 0; i < 3000; i += 1) {
      const statement = pick(statements);
      const record = base({
        fingerprint: next() < 0.05 ? 'ffffffffffffffff' : statement.fingerprint,
        normalizedSql: statement.sql,
        statementKind: pick(['SELECT', 'UPDATE', 'OTHER']),
        relations: next() < 0.5 ? ['t'] : next() < 0.5 ? ['t', 's.u'] : [],
        parsed: next() < 0.8,
        flags: next() < 0.3 ? ['FIRST_IN_WINDOW'] : [],
        observedAt: Math.floor(next() * 2 ** 42),
        calls: Math.floor(next() * 3),
        samplingWeight: next() < 0.5 ? 1 : 1 / next(),
        durationMs: next() < 0.2 ? null : next() * 100,
        rows: next() < 0.5 ? null : Math.floor(next() * 1e6),
        tags: { database: pick([null, 'shop', 'zoë']), user: 'app', application: null, client: pick([null, '10.0.0.1']), session: String(i), comment: next() < 0.3 ? { controller: 'c1', action: pick(TEXTS) } : {} },
        parameters: Array.from({ length: Math.floor(next() * 4) }, (_, k) => ({ position: k + 1, typeClass: pick(['INTEGER', 'TEXT', 'NULL']), sampleCount: i, topShare: next(), distinctEstimate: Math.floor(next() * 1e9) })),
      });
      const expected = avsc.toBuffer(record);
      assert.deepEqual(encoder.toBuffer(record), expected, `record ${i}`);
    }
  });

  it('reports the bytes that did not fit like avsc, and fits after growing', () => {
    const encoder = new QuerySignatureEncoder();
    const record = base();
    for (const size of [0, 10, 40, 60]) {
      assert.equal(encoder.encode(record, Buffer.alloc(size), 0), avsc.encode(record, Buffer.alloc(size), 0), `size ${size}`);
      assert.equal(encoder.encode(record, Buffer.alloc(size), 0), avsc.encode(record, Buffer.alloc(size), 0), `size ${size} (cached)`);
    }
  });

  it('refuses what avsc refuses, naming the field and not the value', () => {
    const encoder = new QuerySignatureEncoder();
    const cases: Array<[string, Partial<Record<keyof QuerySignature, unknown>>]> = [
      ['eventId', { eventId: 42 }],
      ['statementKind', { statementKind: 'SELEKT' }],
      ['source', { source: 'FILE' }],
      ['observedAt', { observedAt: 1.5 }],
      ['calls', { calls: Number.NaN }],
      ['rows', { rows: 'many' }],
      ['durationMs', { durationMs: '1' }],
      ['parsed', { parsed: 'yes' }],
      ['flags', { flags: [1] }],
      ['relations', { relations: 'secret-table' }],
      ['tags.database', { tags: { database: 5, user: null, application: null, client: null, session: null, comment: {} } }],
      ['tags.comment', { tags: { database: null, user: null, application: null, client: null, session: null, comment: { k: 5 } } }],
      ['parameters.position', { parameters: [{ position: 1.5, typeClass: 'TEXT', sampleCount: 1, topShare: 1, distinctEstimate: 1 }] }],
      ['parameters.typeClass', { parameters: [{ position: 1, typeClass: 'TEXTY', sampleCount: 1, topShare: 1, distinctEstimate: 1 }] }],
    ];
    for (const [field, extra] of cases) {
      const record = base(extra);
      assert.throws(() => avsc.toBuffer(record), Error, `avsc accepts ${field}`);
      assert.throws(() => encoder.toBuffer(record), (error: Error & { code?: string }) => error.code === 'ENCODE_FAILED' && error.message.includes(field) && !error.message.includes('secret'), field);
    }
  });
});
