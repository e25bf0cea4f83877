import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApi, type TestApi } from './support/start-test-api.js';

describe('control-plane app: OpenAPI document and error format', () => {
  let api: TestApi;
  // The document is JSON from the wire; the parser mutates what it validates, so each check gets a copy.
  let document: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- an OpenAPI document, checked by the validator below
  before(async () => {
    api = await startTestApi();
    const response = await api.request('GET', '/openapi.json', { token: null });
    assert.equal(response.status, 200);
    document = response.body;
  });
  after(async () => {
    await api.close();
  });

  it('serves a document that validates as OpenAPI 3.1 (structure and every $ref)', async () => {
    assert.equal(document.openapi, '3.1.0');
    await SwaggerParser.validate(structuredClone(document));
  });

  it('is checked by a validator that does reject broken documents', async () => {
    const broken = structuredClone(document);
    delete broken.info;
    await assert.rejects(SwaggerParser.validate(broken));
    const dangling = structuredClone(document);
    dangling.paths['/personas'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Nowhere' };
    await assert.rejects(SwaggerParser.validate(dangling));
  });

  it('documents every route, with the bearer token on every write', () => {
    const routes = Object.entries(document.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ path, method, operation })),
    );
    const expected = [
      'get /personas', 'post /personas', 'get /personas/{personaId}', 'delete /personas/{personaId}', 'get /personas/{personaId}/versions',
      'post /personas/{personaId}/versions', 'get /personas/{personaId}/versions/{version}', 'post /applications', 'get /applications',
      'get /applications/{applicationId}', 'get /workflows', 'get /workflows/{workflowId}', 'post /workflows/{workflowId}/retry', 'get /proposals',
      'get /proposals/{proposalId}', 'post /proposals/{proposalId}/approve', 'post /proposals/{proposalId}/reject', 'get /deployments',
      'get /deployments/{deploymentId}', 'post /deployments/{deploymentId}/rollback', 'get /findings', 'get /findings/{findingId}', 'get /signatures',
    ];
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), [...expected].sort());
    for (const route of routes) {
      if (route.method === 'get') assert.equal(route.operation.security, undefined, `${route.path} is a read`);
      else assert.deepEqual(route.operation.security, [{ bearerAuth: [] }], `${route.method} ${route.path}`);
    }
    assert.deepEqual(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: 'services.controlPlane.apiToken (SHADOWTUNE_API_TOKEN)' });
    assert.ok(document.components.schemas.PersonaDraft.properties.accessPatterns, 'the persona body schema is documented');
  });

  it('answers unknown routes with the error format', async () => {
    const response = await api.request('GET', '/nothing?x=1', { token: null });
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { error: { code: 'NOT_FOUND', message: 'no route GET /nothing' } });
  });
});
