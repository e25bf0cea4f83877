import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionText } from '../../src/log/position-text.js';

describe('positionText', () => {
  it('is the template string <identity>:<offset>:<line>', () => {
    const numbers = [0, 1, 9, 10, 99, 100, 12_345, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER, -1, 1.5];
    for (const identity of ['file:1:2:0', 'file:66306:1234567:3', 'http:x', 'ünï', '日本', '', 'x'.repeat(300)]) {
      for (const offset of numbers) {
        for (const line of numbers) assert.equal(positionText(identity, offset, line), `${identity}:${offset}:${line}`);
      }
    }
  });
});
