import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSafeTagValue } from '../../src/tags/is-safe-tag-value.js';

describe('isSafeTagValue', () => {
  it('accepts names from code', () => {
    for (const value of ['users', 'UsersController', 'users#show', '/users/:id', '/api/v2/orders/{id}', 'rails:7.1', 'django:4.2.1', 'psycopg2', 'send_invoice_job', 'Admin::Reports']) {
      assert.equal(isSafeTagValue(value), true, value);
    }
  });

  it('rejects what looks like data', () => {
    for (const value of ['', 'a@b.com', 'John Smith', "o'neil", '/users/12345', '2024-01-01', '+33612345678', '550e8400-e29b-41d4-a716-446655440000', 'deadbeef42', 'x'.repeat(65), 'quote"d', 'tab\there', 'ümlaut', '1abc']) {
      assert.equal(isSafeTagValue(value), false, value);
    }
  });
});
