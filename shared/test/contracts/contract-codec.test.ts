import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractCodec } from '../../src/contracts/contract-codec.js';
import type { DeadLetter } from '../../src/contracts/generated-types.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';

const letter: DeadLetter = {
  originalTopic: 'query.signatures',
  partition: 0,
  offset: 7,
  key: null,
  value: null,
  errorCode: 'INPUT_INVALID',
  reason: 'not a record',
  retriable: false,
  attempts: 1,
  service: 'capture',
  failedAt: 1_700_000_000_000,
};

describe('ContractCodec', () => {
  it('encodes with avsc after validation, and with a topic\'s own encoder where one is given', () => {
    const plain = new ContractCodec();
    const avscBytes = plain.encode('dead.letters', letter);
    assert.deepEqual({ ...plain.decode('dead.letters', avscBytes) }, letter);
    const calls: DeadLetter[] = [];
    const own = new ContractCodec(undefined, {
      'dead.letters': (value) => {
        calls.push(value);
        return plain.contract('dead.letters').type.toBuffer(value);
      },
    });
    assert.deepEqual(own.encode('dead.letters', letter), avscBytes);
    assert.deepEqual(calls, [letter], 'the topic\'s own encoder wrote the bytes');
  });

  it('refuses a record that does not match the schema with ENCODE_FAILED naming the field', () => {
    assert.throws(
      () => new ContractCodec().encode('dead.letters', { ...letter, attempts: 'many' } as unknown as DeadLetter),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'ENCODE_FAILED' && /attempts/.test(error.message),
    );
  });
});
