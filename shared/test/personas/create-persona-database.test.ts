import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createPersonaDatabase, type PersonaCreationStep } from '../../src/personas/create-persona-database.js';
import { personaDefinitionSchema, type PersonaDefinition } from '../../src/personas/persona-definition.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { TEST_SERVER_URL, createTestDatabase } from '../../../test/support/postgres/test-database.js';
import { databaseExists, dropDatabase } from '../workflows/support/drop-database.js';
import { minimalPersona } from './support/minimal-persona.js';

const persona = personaDefinitionSchema.parse(minimalPersona()) as PersonaDefinition;
const created: string[] = [];

function newName(): string {
  const name = `st_persona_${randomBytes(5).toString('hex')}`;
  created.push(name);
  return name;
}

async function inDatabase<T>(name: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('createPersonaDatabase', () => {
  after(async () => {
    for (const name of created) await dropDatabase(name);
  });

  it('creates the database and schema, sets the search_path, and records the persona', async () => {
    const name = newName();
    const steps: PersonaCreationStep[] = [];
    const result = await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona, onStep: async (s) => void steps.push(s) });
    assert.equal(result.database, 'created');
    assert.equal(result.schema, 'applied');
    assert.deepEqual(steps, ['database-created', 'schema-applied']);
    assert.ok(await databaseExists(name));
    await inDatabase(name, async (client) => {
      // A new session gets the persona schema first on its search_path: the app's unqualified SQL works.
      const inserted = await client.query(`WITH l AS (INSERT INTO lists (title) VALUES ('groceries') RETURNING id) INSERT INTO items (list_id, label) SELECT id, 'milk' FROM l RETURNING state`);
      assert.equal(inserted.rows[0].state, 'open');
      const marker = await client.query('SELECT application_id, persona_id, persona_version, statement_count FROM shadowtune_persona.applied_persona');
      assert.deepEqual(marker.rows, [{ application_id: 'todo-app', persona_id: 'todo-list', persona_version: 1, statement_count: result.statementCount }]);
    });
  });

  it('is idempotent: a second run changes nothing and reports what it found', async () => {
    const name = newName();
    const first = await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona });
    const second = await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona });
    assert.equal(second.database, 'already-existed');
    assert.equal(second.schema, 'already-applied');
    assert.equal(second.ddlSha256, first.ddlSha256);
    assert.equal(second.appliedAt, first.appliedAt);
  });

  it('completes a database left empty by a crash between CREATE DATABASE and the schema', async () => {
    const database = await createTestDatabase('st_persona');
    created.push(database.name);
    const result = await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: database.name, applicationId: 'todo-app', persona });
    assert.equal(result.database, 'already-existed');
    assert.equal(result.schema, 'applied');
  });

  it('runs the two concurrent runs of one creation to one schema', async () => {
    const name = newName();
    const results = await Promise.all([1, 2].map(() => createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona })));
    assert.deepEqual(results.map((r) => r.schema).sort(), ['already-applied', 'applied']);
  });

  it('refuses a database built for another application, and one holding foreign relations', async () => {
    const name = newName();
    await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona });
    await assert.rejects(
      createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'other-app', persona }),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'CONFLICT' && /another application/.test(error.message),
    );
    const foreign = await createTestDatabase('st_persona');
    created.push(foreign.name);
    await inDatabase(foreign.name, (client) => client.query('CREATE TABLE customer_data (id int)'));
    await assert.rejects(
      createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: foreign.name, applicationId: 'todo-app', persona }),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'CONFLICT' && /did not create/.test(error.message),
    );
    await inDatabase(foreign.name, async (client) => {
      const schemas = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'todo'`);
      assert.equal(schemas.rowCount, 0, 'nothing applied over foreign data');
    });
  });

  it('rolls the schema back completely when a statement fails, and reports an unreachable server as retriable', async () => {
    const name = newName();
    const broken = personaDefinitionSchema.parse(minimalPersona()) as PersonaDefinition;
    // An index on a column type without a default operator class for gin fails at CREATE INDEX, after the tables.
    const failing: PersonaDefinition = { ...broken, indexingStrategy: { ...broken.indexingStrategy, indexes: [{ ...broken.indexingStrategy.indexes[0]!, method: 'gin', where: [], keys: [{ column: 'label', order: 'asc', nulls: null, operatorClass: null }] }] } };
    await assert.rejects(
      createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName: name, applicationId: 'todo-app', persona: failing }),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'DB_QUERY_FAILED' && !error.retriable,
    );
    await inDatabase(name, async (client) => {
      const tables = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'todo'`);
      assert.equal(tables.rowCount, 0);
    });
    const unreachable = new URL(TEST_SERVER_URL);
    unreachable.port = '1';
    await assert.rejects(
      createPersonaDatabase({ serverUrl: unreachable.toString(), databaseName: name, applicationId: 'todo-app', persona }),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'DB_UNAVAILABLE' && error.retriable,
    );
  });
});
