import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalPersona } from '../../../../shared/test/personas/support/minimal-persona.js';
import { TEST_TOKEN, startTestApi, type TestApi } from '../support/start-test-api.js';

describe('bearer token on every write', () => {
  let api: TestApi;
  let closed: TestApi;
  before(async () => {
    api = await startTestApi();
    closed = await startTestApi({ apiToken: null });
  });
  after(async () => {
    await api.close();
    await closed.close();
  });

  const writes: [string, string, unknown][] = [
    ['POST', '/personas', minimalPersona()],
    ['POST', '/personas/todo-list/versions', minimalPersona()],
    ['DELETE', '/personas/todo-list', undefined],
    ['POST', '/applications', { applicationId: 'a', personaId: 'todo-list', targetServer: 'local' }],
    ['POST', '/workflows/00000000-0000-4000-8000-000000000000/retry', undefined],
    ['POST', '/proposals/p/approve', {}],
    ['POST', '/proposals/p/reject', { reason: 'r' }],
    ['POST', '/deployments/d/rollback', { reason: 'r' }],
  ];

  it('refuses every write without a token, with a wrong one, or with another scheme (401, before the body is read)', async () => {
    for (const [method, path, body] of writes) {
      for (const token of [null, 'not-the-token-000000']) {
        const response = await api.request(method, path, { body, token });
        assert.equal(response.status, 401, `${method} ${path} with ${token ?? 'no token'}`);
        assert.equal(response.body.error.code, 'UNAUTHORIZED');
        assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="shadowtune"');
      }
      const basic = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Basic ${Buffer.from(`x:${TEST_TOKEN}`).toString('base64')}` } });
      assert.equal(basic.status, 401);
    }
    // Even an invalid body gets 401 first: nothing is validated or stored for an anonymous caller.
    const invalid = await api.request('POST', '/personas', { body: { nonsense: true }, token: null });
    assert.equal(invalid.status, 401);
    assert.equal((await api.request('GET', '/personas/todo-list')).status, 404);
  });

  it('lets reads through without a token', async () => {
    for (const path of ['/personas', '/applications', '/workflows', '/proposals', '/deployments', '/findings', '/signatures', '/openapi.json']) {
      assert.equal((await api.request('GET', path, { token: null })).status, 200, path);
    }
  });

  it('refuses all writes when no token is configured, saying so', async () => {
    const response = await closed.request('POST', '/personas', { body: minimalPersona(), token: TEST_TOKEN });
    assert.equal(response.status, 401);
    assert.match(response.body.error.message, /no API token is configured/);
    assert.equal((await closed.request('GET', '/personas', { token: null })).status, 200);
  });
});
