import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedEntry } from '../../src/log/decoded-entry.js';
import type { LogRecord } from '../../src/log/log-record.js';
import { decodeAll } from '../support/decode-all.js';
import { fixture } from '../support/fixture.js';

function records(entries: readonly DecodedEntry[]): LogRecord[] {
  return entries.flatMap((entry) => (entry.kind === 'record' ? [entry.record] : []));
}

describe('StderrLogDecoder', () => {
  it('reads a real PostgreSQL 18 stderr log: multi-line statements, DETAIL parameters, auto_explain plans', () => {
    const entries = decodeAll('stderr', fixture('pg18-default.stderr'));
    assert.deepEqual(entries.filter((entry) => entry.kind === 'malformed'), []);
    const all = records(entries);
    const multiLine = all.find((record) => record.message.startsWith('duration:') && record.message.includes('statement: SELECT *\nFROM users u\n'));
    assert.ok(multiLine, 'multi-line statement joined');
    assert.equal(multiLine.origin.user, 'postgres');
    assert.equal(multiLine.origin.database, 'postgres');
    const execute = all.find((record) => record.message.includes('execute user_by_email:') && record.detail?.includes('bob@example.org'));
    assert.ok(execute, 'execute with its DETAIL');
    assert.equal(execute.detail, "Parameters: $1 = 'bob@example.org', $2 = NULL");
    const multiLineParameter = all.find((record) => record.message.includes('execute <unnamed>: SELECT id FROM users WHERE name = $1'));
    assert.equal(multiLineParameter?.detail, "Parameters: $1 = 'line one\nline two'");
    const plan = all.find((record) => record.message.includes('plan:\n{'));
    assert.ok(plan?.message.includes('"Query Text"'));
    const error = all.find((record) => record.severity === 'ERROR');
    assert.match(error?.message ?? '', /syntax error/);
    assert.ok(all.every((record) => record.timestampMs !== null && record.timestampMs > Date.UTC(2020, 0, 1)));
  });

  it('reads the pgBadger prefix (application, client) and the PostgreSQL 15 session prefix (%c, %r)', () => {
    const badger = records(decodeAll('stderr', fixture('pg18-pgbadger-prefix.stderr'), { prefix: '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' }));
    const fromApp = badger.find((record) => record.origin.application === 'billing-api');
    assert.equal(fromApp?.origin.client, '127.0.0.1');
    const pg15Entries = decodeAll('stderr', fixture('pg15-session-prefix.stderr'), { prefix: '%m [%p] %c %q[%a] %u@%d/%r ' });
    assert.deepEqual(pg15Entries.filter((entry) => entry.kind === 'malformed'), []);
    const pg15 = records(pg15Entries).find((record) => record.origin.application === 'billing-api' && record.message.includes('statement:'));
    assert.match(pg15?.origin.session ?? '', /^[0-9a-f]+\.[0-9a-f]+$/);
    assert.equal(pg15?.origin.client, '127.0.0.1');
  });

  it('gives the same entries whatever the chunk boundaries', () => {
    const bytes = fixture('pg18-default.stderr');
    const whole = decodeAll('stderr', bytes);
    for (const chunkSize of [1, 7, 4096]) assert.deepEqual(decodeAll('stderr', bytes, { chunkSize }), whole, `chunk size ${chunkSize}`);
  });

  it('dead-letters lines that are not log records and goes on with the next record', () => {
    const text = [
      '2026-11-21 22:24:00.079 UTC [1] u@d LOG:  duration: 1.000 ms  statement: SELECT 1',
      'some library wrote this to stderr',
      '\tan orphan continuation line',
      '2026-11-21 22:24:00.080 UTC [1] u@d LOG:  duration: 2.000 ms  statement: SELECT',
      '\t2',
      '',
    ].join('\n');
    const entries = decodeAll('stderr', Buffer.from(text), { chunkSize: 5 });
    assert.deepEqual(entries.map((entry) => entry.kind), ['record', 'malformed', 'malformed', 'record']);
    const second = entries[3];
    assert.equal(second?.kind === 'record' ? second.record.message : '', 'duration: 2.000 ms  statement: SELECT\n2');
    assert.equal(second?.kind === 'record' ? second.record.position : '', `file:1:2:${text.indexOf('2026-11-21 22:24:00.080')}:4`);
    const malformed = entries[1];
    assert.equal(malformed?.kind === 'malformed' ? malformed.malformed.code : '', 'LOG_LINE_MALFORMED');
    assert.ok(!JSON.stringify(entries[1]).includes('library'), 'the reason does not repeat the input');
    assert.equal(entries[3]?.nextOffset, Buffer.byteLength(text));
  });

  it('marks a record with invalid UTF-8 instead of dropping it', () => {
    const bytes = Buffer.concat([Buffer.from("2026-11-21 22:24:00.079 UTC [1] u@d LOG:  duration: 1.000 ms  statement: SELECT 'caf"), Buffer.from([0xe9]), Buffer.from("'\n")]);
    const [entry] = decodeAll('stderr', bytes);
    assert.equal(entry?.kind, 'record');
    assert.equal(entry?.kind === 'record' ? entry.record.invalidUtf8 : false, true);
  });
});
