import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePgTimestamp } from '../../src/log/parse-pg-timestamp.js';

describe('parsePgTimestamp', () => {
  it('reads %m, %t and numeric or named zones', () => {
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.123 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0, 123));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.123 +03'), Date.UTC(2024, 1, 29, 10, 45, 0, 123));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.123 -0530'), Date.UTC(2024, 1, 29, 19, 15, 0, 123));
    assert.equal(parsePgTimestamp('2024-07-01 12:00:00.000 CEST'), Date.UTC(2024, 6, 1, 10, 0, 0));
    assert.equal(parsePgTimestamp('2024-07-01 12:00:00.000 XYZT'), Date.UTC(2024, 6, 1, 12, 0, 0));
    assert.equal(parsePgTimestamp('not a time'), null);
  });

  it('gives the same answers when consecutive timestamps share their second (the cached path)', () => {
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.123 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0, 123));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.9 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0, 900));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.456789 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0, 456));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00 UTC'), Date.UTC(2024, 1, 29, 13, 45, 0));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.500 +02'), Date.UTC(2024, 1, 29, 11, 45, 0, 500));
    assert.equal(parsePgTimestamp('2024-02-29 13:45:00.500 UTC x'), null);
  });
});
