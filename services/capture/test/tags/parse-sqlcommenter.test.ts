import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSqlCommenter } from '../../src/tags/parse-sqlcommenter.js';

const ALLOWED = new Set(['controller', 'action', 'route', 'framework']);

describe('parseSqlCommenter', () => {
  it('keeps allowed keys with URL-decoded, shape-checked values', () => {
    const result = parseSqlCommenter(["controller='users',action='show',framework='rails%3A7.1',route='%2Fusers%2F%3Aid'"], ALLOWED);
    assert.deepEqual(result.tags, { controller: 'users', action: 'show', framework: 'rails:7.1', route: '/users/:id' });
    assert.equal(result.rejected, 0);
  });

  it('drops keys that are not allowed and values that look like data, counting them', () => {
    const result = parseSqlCommenter(["controller='users',user_email='ann%40example.com',traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',action='ann%40example.com',route='%2Fusers%2F98765'"], ALLOWED);
    assert.deepEqual(result.tags, { controller: 'users' });
    assert.equal(result.rejected, 4);
  });

  it('ignores comments that are not sqlcommenter pairs', () => {
    const result = parseSqlCommenter([' plain words ', "controller='users' and then text", 'a=1'], ALLOWED);
    assert.deepEqual(result.tags, {});
  });

  it('reads escaped quotes in values, then rejects them by shape', () => {
    const result = parseSqlCommenter(["controller='it\\'s'"], ALLOWED);
    assert.deepEqual(result.tags, {});
    assert.equal(result.rejected, 1);
  });
});
