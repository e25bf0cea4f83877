import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILT_IN_PERSONAS } from '../../src/personas/built-in-personas.js';
import { createPersona } from '../../src/personas/create-persona.js';
import { createPersonaVersion } from '../../src/personas/create-persona-version.js';
import { deletePersona } from '../../src/personas/delete-persona.js';
import { getPersona } from '../../src/personas/get-persona.js';
import { listPersonaVersions } from '../../src/personas/list-persona-versions.js';
import { listPersonas } from '../../src/personas/list-personas.js';
import type { PersonaDefinition } from '../../src/personas/persona-definition.js';
import { PersonaValidationError } from '../../src/personas/persona-validation-error.js';
import { registerBuiltInPersonas } from '../../src/personas/register-built-in-personas.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from '../workflows/support/catalog-test-database.js';
import { minimalPersona } from './support/minimal-persona.js';

const hasCode = (code: string, pattern?: RegExp) => (error: unknown) => error instanceof ShadowtuneError && error.code === code && (!pattern || pattern.test(error.message));

describe('persona registry (catalog)', () => {
  let catalog: CatalogTestDatabase;
  before(async () => {
    catalog = await createCatalogTestDatabase();
  });
  after(async () => {
    await catalog.close();
  });

  it('registers the built-ins once, and refuses a built-in changed without a new version', async () => {
    const first = await registerBuiltInPersonas(catalog.pool);
    assert.deepEqual(first.registered, BUILT_IN_PERSONAS.map((p) => `${p.personaId}@${p.version}`));
    assert.deepEqual((await registerBuiltInPersonas(catalog.pool)).registered, []);
    const edited: PersonaDefinition = { ...BUILT_IN_PERSONAS[0]!, description: 'edited in place' };
    await assert.rejects(registerBuiltInPersonas(catalog.pool, [edited]), hasCode('INTERNAL', /new version/));
    const stored = await getPersona(catalog.pool, BUILT_IN_PERSONAS[0]!.personaId);
    assert.equal(stored?.builtIn, true);
    assert.equal(stored?.definition.initialSchema.tables.length, BUILT_IN_PERSONAS[0]!.initialSchema.tables.length);
  });

  it('creates a custom persona as version 1, whatever version the draft says', async () => {
    const record = await createPersona(catalog.pool, { ...minimalPersona(), version: 7 }, { createdBy: 'alice' });
    assert.equal(record.version, 1);
    assert.equal(record.builtIn, false);
    assert.equal(record.createdBy, 'alice');
    await assert.rejects(createPersona(catalog.pool, minimalPersona()), hasCode('CONFLICT', /new version/));
  });

  it('refuses an invalid draft with every issue and its path', async () => {
    const draft = { ...minimalPersona(), personaId: 'broken-one', name: '' };
    await assert.rejects(createPersona(catalog.pool, draft), (error: unknown) => {
      assert.ok(error instanceof PersonaValidationError);
      assert.equal(error.code, 'INPUT_INVALID');
      assert.deepEqual(error.issues.map((i) => i.path), ['/name']);
      return true;
    });
    assert.equal(await getPersona(catalog.pool, 'broken-one'), null);
  });

  it('adds versions without editing old ones; an unchanged draft makes no new version', async () => {
    const changed = { ...minimalPersona(), description: 'Lists, items and due dates.' };
    const second = await createPersonaVersion(catalog.pool, 'todo-list', changed);
    assert.equal(second.created, true);
    assert.equal(second.record.version, 2);
    const again = await createPersonaVersion(catalog.pool, 'todo-list', changed);
    assert.equal(again.created, false);
    assert.equal(again.record.version, 2);
    assert.equal((await getPersona(catalog.pool, 'todo-list', 1))?.description, 'Lists and their items.');
    assert.equal((await getPersona(catalog.pool, 'todo-list'))?.version, 2);
    await assert.rejects(catalog.pool.query(`UPDATE shadowtune.personas SET name = 'x' WHERE persona_id = 'todo-list'`), /immutable/);
  });

  it('serializes concurrent new versions into consecutive numbers', async () => {
    const drafts = [1, 2, 3].map((n) => ({ ...minimalPersona(), description: `Concurrent change ${n}.` }));
    const results = await Promise.all(drafts.map((d) => createPersonaVersion(catalog.pool, 'todo-list', d)));
    assert.deepEqual(results.map((r) => r.record.version).sort(), [3, 4, 5]);
  });

  it('refuses new versions of built-ins, of unknown personas, and with another id in the body', async () => {
    await assert.rejects(createPersonaVersion(catalog.pool, 'iot-sensor-repository', { ...BUILT_IN_PERSONAS[2]! }), hasCode('CONFLICT', /built in/));
    await assert.rejects(createPersonaVersion(catalog.pool, 'no-such-persona', { ...minimalPersona(), personaId: 'no-such-persona' }), hasCode('NOT_FOUND'));
    await assert.rejects(createPersonaVersion(catalog.pool, 'todo-list', { ...minimalPersona(), personaId: 'other' }), hasCode('INPUT_INVALID', /differs/));
  });

  it('lists the latest version of each persona and the versions of one, page by page', async () => {
    const first = await listPersonas(catalog.pool, { limit: 2 });
    assert.deepEqual(first.items.map((p) => p.personaId), ['ecommerce-product-catalog', 'iot-sensor-repository']);
    assert.equal(first.next, 'iot-sensor-repository');
    const second = await listPersonas(catalog.pool, { limit: 2, after: first.next });
    assert.deepEqual(second.items.map((p) => [p.personaId, p.version]), [['social-activity-feed', 1], ['todo-list', 5]]);
    assert.equal(second.next, null);
    const versions = await listPersonaVersions(catalog.pool, 'todo-list', { limit: 3 });
    assert.deepEqual(versions.items.map((v) => v.version), [5, 4, 3]);
    const rest = await listPersonaVersions(catalog.pool, 'todo-list', { limit: 3, before: versions.next });
    assert.deepEqual(rest.items.map((v) => v.version), [2, 1]);
    assert.equal(rest.next, null);
  });

  it('deletes a persona only when no application uses it, and never a built-in', async () => {
    await catalog.pool.query(
      `INSERT INTO shadowtune.applications (application_id, persona_id, persona_version, target_server, database_name) VALUES ('todo-app', 'todo-list', 2, 'default', 'todo_app')`,
    );
    await assert.rejects(deletePersona(catalog.pool, 'todo-list'), hasCode('CONFLICT', /used by 1 application/));
    await assert.rejects(deletePersona(catalog.pool, 'social-activity-feed'), hasCode('CONFLICT', /built in/));
    await assert.rejects(deletePersona(catalog.pool, 'no-such-persona'), hasCode('NOT_FOUND'));
    await catalog.pool.query(`DELETE FROM shadowtune.applications WHERE application_id = 'todo-app'`);
    assert.equal(await deletePersona(catalog.pool, 'todo-list'), 5);
    assert.equal(await getPersona(catalog.pool, 'todo-list'), null);
  });
});
