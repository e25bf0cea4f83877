import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startTestSchemaRegistry, type TestSchemaRegistry } from './test-schema-registry.js';

const CT = 'application/vnd.schemaregistry.v1+json';

function record(name: string, fields: object[], namespace = 'shadowtune.test'): string {
  return JSON.stringify({ type: 'record', name, namespace, fields });
}

const userV1 = record('User', [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'string' },
]);
const userV2 = record('User', [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'string' },
  { name: 'note', type: ['null', 'string'], default: null },
]);
const userNoDefault = record('User', [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'string' },
  { name: 'email', type: 'string' },
]);

async function http(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  // `any` on purpose: these are ad-hoc assertions on JSON bodies of many shapes.
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': CT },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

function rejectsWithStatus(promise: Promise<unknown>, status: number): Promise<void> {
  return assert.rejects(promise, (err: unknown) => {
    assert.equal((err as { status?: number }).status, status, String(err));
    return true;
  });
}

describe('schema registry test server through @kafkajs/confluent-schema-registry', { timeout: 120_000 }, () => {
  let server: TestSchemaRegistry;
  let registry: SchemaRegistry;

  before(async () => {
    server = await startTestSchemaRegistry();
    registry = new SchemaRegistry({ host: server.url });
  });
  after(() => server.stop());

  it('registers, encodes in the Confluent wire format and decodes', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'users-value' });
    assert.equal(id, 1);
    const encoded = await registry.encode(id, { id: 7, name: 'ada' });
    assert.equal(encoded[0], 0, 'magic byte');
    assert.equal(encoded.readInt32BE(1), id, 'schema id, big-endian');
    assert.deepEqual({ ...(await registry.decode(encoded)) }, { id: 7, name: 'ada' });
    // The client stored BACKWARD as the subject's level after the first registration.
    assert.deepEqual((await http(server.url, 'GET', '/config/users-value')).body, { compatibilityLevel: 'BACKWARD' });
    assert.equal(await registry.getLatestSchemaId('users-value'), id);
    assert.equal(await registry.getRegistryId('users-value', 1), id);
    assert.equal(await registry.getRegistryIdBySchema('users-value', { type: SchemaType.AVRO, schema: userV1 }), id);
  });

  it('gives one global id per canonical schema, across subjects and formatting', async () => {
    const a = await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'ids-a-value' });
    const reformatted = JSON.stringify(JSON.parse(userV1), null, 2).replace('"type": "record"', '"type":   "record"');
    const b = await registry.register({ type: SchemaType.AVRO, schema: reformatted }, { subject: 'ids-b-value' });
    assert.equal(a.id, b.id);
    const again = await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'ids-a-value' });
    assert.equal(again.id, a.id);
    assert.deepEqual((await http(server.url, 'GET', '/subjects/ids-a-value/versions')).body, [1]);
    const other = await registry.register({ type: SchemaType.AVRO, schema: record('Other', [{ name: 'x', type: 'int' }]) }, { subject: 'ids-c-value' });
    assert.ok(other.id > a.id);
  });

  it('accepts a backward-compatible evolution and resolves old data with the new reader schema', async () => {
    const v1 = await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'evolve-value' });
    const oldBytes = await registry.encode(v1.id, { id: 1, name: 'old' });
    const v2 = await registry.register({ type: SchemaType.AVRO, schema: userV2 }, { subject: 'evolve-value' });
    assert.notEqual(v2.id, v1.id);
    assert.deepEqual((await http(server.url, 'GET', '/subjects/evolve-value/versions')).body, [1, 2]);
    const latest = (await http(server.url, 'GET', '/subjects/evolve-value/versions/latest')).body;
    assert.deepEqual({ subject: latest.subject, version: latest.version, id: latest.id }, { subject: 'evolve-value', version: 2, id: v2.id });
    const decoded = await registry.decode(oldBytes, { [SchemaType.AVRO]: { readerSchema: JSON.parse(userV2) } });
    assert.deepEqual({ ...decoded }, { id: 1, name: 'old', note: null });
    const newBytes = await registry.encode(v2.id, { id: 2, name: 'new', note: 'hi' });
    assert.deepEqual({ ...(await registry.decode(newBytes)) }, { id: 2, name: 'new', note: 'hi' });
  });

  it('rejects a field added without a default with 409', async () => {
    await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'incompatible-value' });
    await rejectsWithStatus(registry.register({ type: SchemaType.AVRO, schema: userNoDefault }, { subject: 'incompatible-value' }), 409);
    const raw = await http(server.url, 'POST', '/subjects/incompatible-value/versions', { schema: userNoDefault });
    assert.equal(raw.status, 409);
    assert.equal(raw.body.error_code, 409);
    assert.match(raw.body.message, /incompatible/);
    const check = await http(server.url, 'POST', '/compatibility/subjects/incompatible-value/versions/latest', { schema: userNoDefault });
    assert.deepEqual(check.body, { is_compatible: false });
    assert.deepEqual((await http(server.url, 'GET', '/subjects/incompatible-value/versions')).body, [1]);
  });

  it('answers the 404 and 422 paths with Confluent error codes', async () => {
    await rejectsWithStatus(registry.getSchema(999), 404);
    assert.deepEqual(pick(await http(server.url, 'GET', '/schemas/ids/999')), { status: 404, code: 40403 });
    await rejectsWithStatus(registry.getLatestSchemaId('nope-value'), 404);
    assert.deepEqual(pick(await http(server.url, 'GET', '/subjects/nope-value/versions/latest')), { status: 404, code: 40401 });
    await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'errors-value' });
    assert.deepEqual(pick(await http(server.url, 'GET', '/subjects/errors-value/versions/9')), { status: 404, code: 40402 });
    assert.deepEqual(pick(await http(server.url, 'GET', '/subjects/errors-value/versions/zero')), { status: 422, code: 42202 });
    assert.deepEqual(pick(await http(server.url, 'GET', '/config/never-registered-value')), { status: 404, code: 40408 });
    assert.deepEqual(pick(await http(server.url, 'POST', '/subjects/errors-value/versions', { schema: '{"type":"recordd"}' })), { status: 422, code: 42201 });
    assert.deepEqual(pick(await http(server.url, 'POST', '/subjects/errors-value/versions', { schema: 'not json' })), { status: 422, code: 42201 });
    assert.deepEqual(pick(await http(server.url, 'PUT', '/config/errors-value', { compatibility: 'SIDEWAYS' })), { status: 422, code: 42203 });
    assert.deepEqual(pick(await http(server.url, 'POST', '/subjects/errors-value', { schema: userV2 })), { status: 404, code: 40403 });
    assert.deepEqual(pick(await http(server.url, 'POST', '/subjects/nope-value', { schema: userV2 })), { status: 404, code: 40401 });
    await assert.rejects(registry.getRegistryIdBySchema('errors-value', { type: SchemaType.AVRO, schema: userV2 }));
  });

  it('honours FORWARD, FULL and the transitive levels', async () => {
    const ab = record('T', [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int' },
    ]);
    const a = record('T', [{ name: 'a', type: 'int' }]);
    const abDefault = record('T', [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int', default: 0 },
    ]);

    // FORWARD: old readers must read new data, so dropping a field they require fails.
    assert.equal((await http(server.url, 'PUT', '/config/fwd-value', { compatibility: 'FORWARD' })).status, 200);
    assert.equal((await http(server.url, 'POST', '/subjects/fwd-value/versions', { schema: ab })).status, 200);
    assert.equal((await http(server.url, 'POST', '/subjects/fwd-value/versions', { schema: a })).status, 409);
    // ...which BACKWARD allows.
    assert.equal((await http(server.url, 'POST', '/subjects/bwd-value/versions', { schema: ab })).status, 200);
    assert.equal((await http(server.url, 'POST', '/subjects/bwd-value/versions', { schema: a })).status, 200);

    // FULL: both directions; a defaulted field can be added, a required one cannot.
    await http(server.url, 'PUT', '/config/full-value', { compatibility: 'FULL' });
    assert.equal((await http(server.url, 'POST', '/subjects/full-value/versions', { schema: a })).status, 200);
    assert.equal((await http(server.url, 'POST', '/subjects/full-value/versions', { schema: ab })).status, 409);
    assert.equal((await http(server.url, 'POST', '/subjects/full-value/versions', { schema: abDefault })).status, 200);

    // BACKWARD checks the latest only; BACKWARD_TRANSITIVE checks every version.
    for (const [subject, level, expected] of [
      ['latest-only-value', 'BACKWARD', 200],
      ['transitive-value', 'BACKWARD_TRANSITIVE', 409],
    ] as const) {
      await http(server.url, 'PUT', `/config/${subject}`, { compatibility: level });
      assert.equal((await http(server.url, 'POST', `/subjects/${subject}/versions`, { schema: a })).status, 200);
      assert.equal((await http(server.url, 'POST', `/subjects/${subject}/versions`, { schema: abDefault })).status, 200);
      assert.equal((await http(server.url, 'POST', `/subjects/${subject}/versions`, { schema: ab })).status, expected, level);
    }

    // NONE accepts anything.
    await http(server.url, 'PUT', '/config/none-value', { compatibility: 'NONE' });
    assert.equal((await http(server.url, 'POST', '/subjects/none-value/versions', { schema: a })).status, 200);
    assert.equal((await http(server.url, 'POST', '/subjects/none-value/versions', { schema: record('Unrelated', [{ name: 'z', type: 'string' }]) })).status, 200);
  });

  it('refuses to register when the subject level differs from the one asked for', async () => {
    await http(server.url, 'PUT', '/config/level-value', { compatibility: 'FULL' });
    await assert.rejects(registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'level-value' }), /Compatibility does not match/);
  });

  it('serves the extras: subjects list, soft and permanent delete, global config', async () => {
    await registry.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'doomed-value' });
    assert.ok(((await http(server.url, 'GET', '/subjects')).body as string[]).includes('doomed-value'));
    assert.deepEqual((await http(server.url, 'DELETE', '/subjects/doomed-value')).body, [1]);
    assert.ok(!((await http(server.url, 'GET', '/subjects')).body as string[]).includes('doomed-value'));
    assert.deepEqual(pick(await http(server.url, 'GET', '/subjects/doomed-value/versions/1')), { status: 404, code: 40401 });
    assert.deepEqual((await http(server.url, 'DELETE', '/subjects/doomed-value?permanent=true')).body, [1]);
    assert.deepEqual((await http(server.url, 'GET', '/config')).body, { compatibilityLevel: 'BACKWARD' });
    assert.deepEqual(pick(await http(server.url, 'GET', '/no/such/path')), { status: 404, code: 404 });
  });
});

describe('schema registry persistence', { timeout: 120_000 }, () => {
  it('keeps subjects, ids and config across a restart with dataDir', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'schema-registry-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startTestSchemaRegistry({ dataDir });
    const r1 = new SchemaRegistry({ host: first.url });
    const { id } = await r1.register({ type: SchemaType.AVRO, schema: userV1 }, { subject: 'persist-value' });
    const bytes = await r1.encode(id, { id: 3, name: 'kept' });
    await first.stop();

    const second = await startTestSchemaRegistry({ dataDir });
    t.after(() => second.stop());
    const r2 = new SchemaRegistry({ host: second.url });
    assert.deepEqual({ ...(await r2.decode(bytes)) }, { id: 3, name: 'kept' });
    assert.deepEqual((await http(second.url, 'GET', '/config/persist-value')).body, { compatibilityLevel: 'BACKWARD' });
    const next = await r2.register({ type: SchemaType.AVRO, schema: userV2 }, { subject: 'persist-value' });
    assert.equal(next.id, id + 1);
    assert.deepEqual((await http(second.url, 'GET', '/subjects/persist-value/versions')).body, [1, 2]);
  });
});

function pick(res: { status: number; body: { error_code?: number } }): { status: number; code: number | undefined } {
  return { status: res.status, code: res.body.error_code };
}
