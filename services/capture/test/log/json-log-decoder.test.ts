import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAll } from '../support/decode-all.js';
import { fixture } from '../support/fixture.js';

describe('JsonLogDecoder', () => {
  it('reads real jsonlog files of PostgreSQL 18 and 15', () => {
    for (const name of ['pg18-default.jsonl', 'pg15-session-prefix.jsonl']) {
      const entries = decodeAll('jsonlog', fixture(name), { chunkSize: 100 });
      assert.deepEqual(entries.filter((entry) => entry.kind === 'malformed'), [], name);
      const execute = entries.find((entry) => entry.kind === 'record' && entry.record.message.includes('execute user_by_email'));
      assert.ok(execute?.kind === 'record' && /^parameters: \$1 = /i.test(execute.record.detail ?? ''), name);
      assert.equal(execute?.kind === 'record' ? execute.record.origin.application : null, 'billing-api');
    }
  });

  it('dead-letters lines that are not JSON objects with a severity and a message', () => {
    const text = ['{"error_severity":"LOG","message":"statement: SELECT 1","timestamp":"2026-11-21 22:24:00.080 UTC"}', '{"error_severity":"LOG","message":"statement: SEL', '[1,2]', '{"user":"x"}', ''].join('\n');
    const entries = decodeAll('jsonlog', Buffer.from(text));
    assert.deepEqual(
      entries.map((entry) => (entry.kind === 'record' ? 'record' : entry.malformed.reason)),
      ['record', 'jsonlog line is not JSON', 'jsonlog line is not a JSON object', 'jsonlog record without error_severity or message'],
    );
  });
});
