import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogDecoder, type LogFormat } from '../../src/log/create-log-decoder.js';
import type { DecodedEntry } from '../../src/log/decoded-entry.js';
import { fixture } from '../support/fixture.js';

function decode(format: LogFormat, bytes: Buffer, chunkSize: number, streaming: boolean): DecodedEntry[] {
  const decoder = createLogDecoder({ format, prefix: '%m [%p] %q%u@%d ', identity: 'file:1:2', startOffset: 0, startLine: 1 });
  const entries: DecodedEntry[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const chunk = bytes.subarray(i, i + chunkSize);
    if (streaming) decoder.pushEach(chunk, (entry) => entries.push(entry));
    else entries.push(...decoder.push(chunk));
  }
  entries.push(...decoder.end());
  return entries;
}

describe('LogDecoder.pushEach', () => {
  it('hands on the entries push returns, in order, for every format and chunk size', () => {
    for (const [format, name] of [['stderr', 'pg18-default.stderr'], ['csvlog', 'pg18-default.csv'], ['jsonlog', 'pg18-default.jsonl'], ['stderr', 'pg15-session-prefix.stderr']] as const) {
      const bytes = fixture(name);
      for (const chunkSize of [7, 100, 4096, bytes.length]) {
        const expected = decode(format, bytes, chunkSize, false);
        assert.ok(expected.length > 10, `${name}: ${expected.length} entries`);
        assert.deepEqual(decode(format, bytes, chunkSize, true), expected, `${name} in chunks of ${chunkSize}`);
      }
    }
  });
});
