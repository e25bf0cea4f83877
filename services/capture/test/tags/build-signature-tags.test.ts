import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSignatureTags } from '../../src/tags/build-signature-tags.js';

describe('buildSignatureTags', () => {
  it('keeps origin values of the expected shape', () => {
    const tags = buildSignatureTags({ database: 'shop', user: 'app_rw', application: 'PostgreSQL JDBC Driver', client: '10.0.0.7', session: '6b021a00.340f' }, { controller: 'users' });
    assert.deepEqual(tags, { database: 'shop', user: 'app_rw', application: 'PostgreSQL JDBC Driver', client: '10.0.0.7', session: '6b021a00.340f', comment: { controller: 'users' } });
  });

  it('drops values that could smuggle data', () => {
    const tags = buildSignatureTags({ database: "x'; DROP", user: 'a\u0001b', application: 'report for ann@example.com', client: 'host with space', session: 'not-a-session' }, {});
    assert.deepEqual(tags, { database: null, user: null, application: null, client: null, session: null, comment: {} });
    assert.equal(buildSignatureTags({ database: null, user: null, application: 'job 20240101', client: null, session: '12345' }, {}).application, null);
  });
});
