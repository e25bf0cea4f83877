import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { ERROR_CODES, isErrorCode } from '../../src/errors/error-codes.js';
import { isRetriable, ShadowtuneError, toShadowtuneError } from '../../src/errors/shadowtune-error.js';

describe('ShadowtuneError', () => {
  it("takes its retriable flag from the code's entry, and an override when given", () => {
    assert.equal(new ShadowtuneError('DB_UNAVAILABLE', 'x').retriable, true);
    assert.equal(new ShadowtuneError('DECODE_FAILED', 'x').retriable, false);
    assert.equal(new ShadowtuneError('DB_QUERY_FAILED', 'x', { retriable: true }).retriable, true);
  });

  it('keeps statement and parameters out of JSON, enumeration and inspection, but available to a debugger', () => {
    const error = new ShadowtuneError('DB_QUERY_FAILED', 'bad', { sql: 'SELECT pii', params: ['ssn-1'], cause: new Error('c') });
    assert.equal(error.sql, 'SELECT pii');
    assert.deepEqual(error.params, ['ssn-1']);
    assert.ok(!Object.keys(error).includes('sql'));
    assert.ok(!Object.keys(error).includes('params'));
    assert.ok(!JSON.stringify(error).includes('pii'));
    assert.ok(!inspect(error).includes('ssn-1'));
    assert.deepEqual(error.toJSON(), { code: 'DB_QUERY_FAILED', message: 'bad', retriable: false, context: {} });
    assert.equal((error.cause as Error).message, 'c');
  });

  it('wraps foreign errors with a fallback code and keeps ShadowtuneErrors as they are', () => {
    const original = new ShadowtuneError('CONFLICT', 'x');
    assert.equal(toShadowtuneError(original), original);
    const wrapped = toShadowtuneError(new TypeError('boom'), 'HANDLER_FAILED');
    assert.equal(wrapped.code, 'HANDLER_FAILED');
    assert.equal(wrapped.retriable, true);
    assert.equal(isRetriable(new Error('plain')), false, 'only classified errors are retried on their own say');
  });

  it('has a closed list where every code says whether it is retriable', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      assert.match(code, /^[A-Z][A-Z0-9_]+$/);
      assert.equal(typeof entry.retriable, 'boolean');
      assert.ok(entry.summary.length > 0);
    }
    assert.equal(isErrorCode('DB_UNAVAILABLE'), true);
    assert.equal(isErrorCode('SOMETHING_ELSE'), false);
  });
});
