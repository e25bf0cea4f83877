import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { createLogger } from '../../src/log/create-logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes structured JSON lines carrying the service name', () => {
    const out = capture();
    createLogger({ service: 'signature-analyzer', level: 'info', destination: out.stream }).info({ fingerprint: 'abc' }, 'examined');
    const [line] = out.lines();
    assert.equal(line!.service, 'signature-analyzer');
    assert.equal(line!.msg, 'examined');
    assert.equal(line!.fingerprint, 'abc');
    assert.equal(typeof line!.time, 'string');
  });

  it('redacts SQL text and parameters wherever they are logged by their usual names', () => {
    const out = capture();
    const logger = createLogger({ service: 'capture', level: 'info', destination: out.stream });
    logger.info({ sql: "SELECT * FROM users WHERE email = 'alice@example.com'", params: ['alice@example.com'] }, 'top level');
    logger.warn({ event: { statement: "UPDATE t SET ssn = '123-45-6789'", parameters: ['123-45-6789'], query: 'q' } }, 'nested');
    const text = JSON.stringify(out.lines());
    assert.ok(!text.includes('alice@example.com'));
    assert.ok(!text.includes('123-45-6789'));
    assert.match(text, /\[redacted\]/);
  });

  it('logs a ShadowtuneError by code, retriable flag and message, never its statement', () => {
    const out = capture();
    const error = new ShadowtuneError('DB_QUERY_FAILED', 'relation does not exist', {
      sql: "SELECT secret_column FROM t WHERE token = 'tok_live_123'",
      params: ['tok_live_123'],
      cause: new Error('underlying'),
    });
    createLogger({ service: 'x', level: 'info', destination: out.stream }).error({ err: error }, 'failed');
    const [line] = out.lines();
    const err = line!.err as Record<string, unknown>;
    assert.equal(err.code, 'DB_QUERY_FAILED');
    assert.equal(err.retriable, false);
    assert.equal(err.message, 'relation does not exist');
    assert.deepEqual(err.cause, { type: 'Error', message: 'underlying' });
    assert.ok(!JSON.stringify(line).includes('tok_live_123'));
    assert.ok(!JSON.stringify(line).includes('secret_column'));
  });
});
