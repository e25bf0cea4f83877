import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { minimalPersona } from '../../../../shared/test/personas/support/minimal-persona.js';
import { startTestApi, type TestApi } from '../support/start-test-api.js';

describe('/personas over HTTP', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(async () => {
    await api.close();
  });

  it('creates a custom persona (201, Location) and refuses the same id twice (409)', async () => {
    const created = await api.request('POST', '/personas', { body: minimalPersona() });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/personas/todo-list/versions/1');
    assert.equal(created.body.version, 1);
    assert.equal(created.body.builtIn, false);
    assert.equal(created.body.definition.initialSchema.tables.length, 2);
    assert.match(created.body.definitionSha256, /^[0-9a-f]{64}$/);
    const again = await api.request('POST', '/personas', { body: minimalPersona() });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'CONFLICT');
  });

  it('names every field a body gets wrong: missing, mistyped, unknown, malformed', async () => {
    const draft: Record<string, unknown> = { ...minimalPersona(), personaId: 'other-one' };
    delete draft.name;
    const schema = draft.initialSchema as Record<string, unknown>;
    draft.initialSchema = { ...schema, tables: [{ ...(schema.tables as Record<string, unknown>[])[0], columns: [{ name: 'id', type: 'bigint', nullable: 'no' }] }] };
    draft.colour = 'blue';
    const response = await api.request('POST', '/personas', { body: draft });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'INPUT_INVALID');
    const paths = response.body.error.fields.map((f: { path: string }) => f.path);
    for (const path of ['body/name', 'body/initialSchema/tables/0/columns/0/nullable', 'body/colour']) assert.ok(paths.includes(path), `${path} not in ${paths.join(', ')}`);
    assert.match(response.body.error.message, /body\/colour is not an allowed property/);

    const typed = await api.request('POST', '/personas', { body: { ...minimalPersona(), personaId: 'typed', version: '1' } });
    assert.equal(typed.status, 400, 'a string is not coerced to a number in bodies');
    assert.deepEqual(typed.body.error.fields.map((f: { path: string }) => f.path), ['body/version']);

    const malformed = await api.request('POST', '/personas', { rawBody: '{"personaId": ' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'INPUT_INVALID');
  });

  it('reports semantic persona issues as fields too', async () => {
    const draft = minimalPersona();
    draft.personaId = 'semantic-one';
    draft.initialSchema.tables[1]!.foreignKeys![0]!.referencesTable = 'boards';
    draft.accessPatterns[0]!.sql = 'SELECT * FROM pg_authid WHERE oid = $1';
    const response = await api.request('POST', '/personas', { body: draft });
    assert.equal(response.status, 400);
    const fields = response.body.error.fields as { path: string; message: string }[];
    assert.ok(fields.some((f) => f.path === 'body/initialSchema/tables/1/foreignKeys/0/referencesTable' && /boards is not defined/.test(f.message)), JSON.stringify(fields));
    assert.ok(fields.some((f) => f.path === 'body/accessPatterns/0/sql' && /pg_authid/.test(f.message)), JSON.stringify(fields));
  });

  it('lists the latest version of each persona, page by page', async () => {
    const first = await api.request('GET', '/personas?limit=3');
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.items.map((p: { personaId: string }) => p.personaId), ['ecommerce-product-catalog', 'iot-sensor-repository', 'social-activity-feed']);
    assert.equal(first.body.items[0].definition, undefined, 'lists carry summaries');
    assert.equal(typeof first.body.nextCursor, 'string');
    const second = await api.request('GET', `/personas?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((p: { personaId: string }) => p.personaId), ['todo-list']);
    assert.equal(second.body.nextCursor, null);
    const badLimit = await api.request('GET', '/personas?limit=0');
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.body.error.fields[0].path, 'querystring/limit');
    const badCursor = await api.request('GET', '/personas?cursor=bm90LWEtY3Vyc29y');
    assert.equal(badCursor.status, 400);
    assert.equal(badCursor.body.error.fields[0].path, 'querystring/cursor');
  });

  it('adds versions (201), returns the latest for an unchanged draft (200), and serves each version', async () => {
    const changed = { ...minimalPersona(), description: 'Lists and items, version two.' };
    delete (changed as Record<string, unknown>).personaId;
    const second = await api.request('POST', '/personas/todo-list/versions', { body: changed });
    assert.equal(second.status, 201);
    assert.equal(second.body.version, 2);
    const unchanged = await api.request('POST', '/personas/todo-list/versions', { body: changed });
    assert.equal(unchanged.status, 200);
    assert.equal(unchanged.body.version, 2);
    const mismatch = await api.request('POST', '/personas/todo-list/versions', { body: { ...minimalPersona(), personaId: 'elsewhere' } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.fields[0].path, 'body/personaId');
    assert.equal((await api.request('GET', '/personas/todo-list')).body.version, 2);
    assert.equal((await api.request('GET', '/personas/todo-list/versions/1')).body.description, 'Lists and their items.');
    const versions = await api.request('GET', '/personas/todo-list/versions?limit=1');
    assert.deepEqual(versions.body.items.map((v: { version: number }) => v.version), [2]);
    const older = await api.request('GET', `/personas/todo-list/versions?limit=1&cursor=${versions.body.nextCursor}`);
    assert.deepEqual(older.body.items.map((v: { version: number }) => v.version), [1]);
    assert.equal((await api.request('GET', '/personas/todo-list/versions/9')).status, 404);
    assert.equal((await api.request('GET', '/personas/nobody')).status, 404);
    assert.equal((await api.request('GET', '/personas/Not_A_Slug')).status, 400);
    assert.equal((await api.request('POST', '/personas/iot-sensor-repository/versions', { body: { ...minimalPersona(), personaId: 'iot-sensor-repository' } })).status, 409);
  });

  it('deletes a custom persona only while unused (204), never a built-in (409)', async () => {
    const todo = { ...minimalPersona(), personaId: 'todo-in-use' };
    assert.equal((await api.request('POST', '/personas', { body: todo })).status, 201);
    const deployed = await api.request('POST', '/applications', { body: { applicationId: 'todo-web', personaId: 'todo-in-use', targetServer: 'local' } });
    assert.equal(deployed.status, 202);
    const inUse = await api.request('DELETE', '/personas/todo-in-use');
    assert.equal(inUse.status, 409);
    assert.match(inUse.body.error.message, /used by 1 application/);
    assert.equal((await api.request('DELETE', '/personas/social-activity-feed')).status, 409);
    const deleted = await api.request('DELETE', '/personas/todo-list');
    assert.equal(deleted.status, 204);
    assert.equal(deleted.body, null);
    assert.equal((await api.request('GET', '/personas/todo-list')).status, 404);
    assert.equal((await api.request('DELETE', '/personas/todo-list')).status, 404);
  });
});
