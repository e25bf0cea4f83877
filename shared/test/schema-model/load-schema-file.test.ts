import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { introspectSchema } from '../../src/schema-model/introspect-schema.js';
import { loadSchemaFile } from '../../src/schema-model/load-schema-file.js';
import type { SchemaModel } from '../../src/schema-model/schema-model.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

const WIDE_SCHEMA = await readFile(new URL('./fixtures/wide-schema.sql', import.meta.url), 'utf8');

async function tableNames(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname`,
  );
  return result.rows.map((r) => r.name);
}

async function rejection(promise: Promise<unknown>): Promise<ShadowtuneError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ShadowtuneError, `a ShadowtuneError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

/** The model without what differs between two databases holding the same schema. */
function structureOf(model: SchemaModel): unknown {
  return {
    ...model,
    tables: model.tables.map((t) => ({
      ...t,
      stats: null,
      columns: t.columns.map((c) => ({ ...c, stats: null })),
      indexes: t.indexes.map((i) => ({ ...i, sizeBytes: 0 })),
    })),
  };
}

describe('loadSchemaFile', () => {
  let database: TestDatabase;
  let client: pg.Client;

  before(async () => {
    database = await createTestDatabase('st_schema_load');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  after(async () => {
    await client?.end();
    await database?.drop();
  });

  it('applies a multi-statement file with $$ and BEGIN ATOMIC function bodies', async () => {
    const result = await loadSchemaFile(
      client,
      `CREATE TABLE public.accounts (id integer PRIMARY KEY, balance numeric NOT NULL DEFAULT 0);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.balance := NEW.balance + 0; -- a semicolon inside the body
  RETURN NEW;
END;
$body$;
CREATE TRIGGER accounts_touch BEFORE INSERT ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE FUNCTION public.text_with_backslash_line() RETURNS text LANGUAGE sql AS $$
SELECT '
\\this line is data, not a meta-command'
$$;
CREATE FUNCTION public.bonus(a numeric) RETURNS numeric LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN a > 100 THEN a * 0.1 ELSE 0 END;
END;
INSERT INTO public.accounts (id, balance) VALUES (1, 250)`,
    );
    assert.deepEqual(result, { statementsApplied: 6, notes: [] });
    const check = await client.query<{ bonus: string; text: string }>(
      'SELECT public.bonus(balance)::text AS bonus, public.text_with_backslash_line() AS text FROM public.accounts',
    );
    assert.deepEqual(check.rows, [{ bonus: '25.0', text: '\n\\this line is data, not a meta-command' }]);
  });

  it('rolls everything back and names the statement number and line of a failure, not its text', async () => {
    const before = await tableNames(client);
    const script = `CREATE TABLE public.first_one (id integer);

-- statement 2 starts on line 4; the server gives no position for this error
CREATE TABLE public.second_one (
  id integer,
  owner_id integer REFERENCES public.secret_missing_table (id)
);
CREATE TABLE public.third_one (id integer);`;
    const error = await rejection(loadSchemaFile(client, script));
    assert.equal(error.code, 'INPUT_INVALID');
    assert.match(error.message, /^schema file statement 2 \(line 4\) failed: relation "public\.secret_missing_table" does not exist$/);
    assert.doesNotMatch(error.message, /CREATE TABLE/);
    assert.deepEqual(error.context, { statement: 2, line: 4, sqlstate: '42P01' });
    assert.equal(JSON.stringify(error).includes('CREATE TABLE'), false);
    assert.match(error.sql ?? '', /^CREATE TABLE public\.second_one/);
    assert.deepEqual(await tableNames(client), before, 'statement 1 was rolled back');
    assert.equal(client.getTransactionStatus(), 'I');
  });

  it('reports the line the server points at inside a multi-line statement', async () => {
    const syntax = await rejection(loadSchemaFile(client, 'SELECT 1;\nCREATE TABLE public.broken (\n  id integer,\n  name text text\n);'));
    assert.deepEqual(syntax.context, { statement: 2, line: 4, sqlstate: '42601' });
    const column = await rejection(loadSchemaFile(client, 'CREATE TABLE public.t1 (a int);\n\nCREATE VIEW public.v1 AS\n  SELECT a,\n    é_missing\n  FROM public.t1;'));
    assert.deepEqual(column.context, { statement: 2, line: 5, sqlstate: '42703' });
  });

  it('skips what a schema load must not run, with a reason for each, and restores session settings', async () => {
    await client.query(`SET statement_timeout = '5s'; SET search_path = "$user", public`);
    const script = `--
-- PostgreSQL database dump
--
\\restrict K3y
SET statement_timeout = 0;
SET no_such_parameter_anywhere = 0;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
CREATE DATABASE other_shop;
\\connect other_shop
BEGIN;
CREATE TABLE public.skipped_ok (id integer, owner text);
ALTER TABLE public.skipped_ok OWNER TO role_that_does_not_exist;
ALTER TABLE public.skipped_ok RENAME COLUMN owner TO owner_name;
GRANT SELECT ON public.skipped_ok TO role_that_does_not_exist;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO role_that_does_not_exist;
SET ROLE role_that_does_not_exist;
SET SESSION AUTHORIZATION role_that_does_not_exist;
COPY public.skipped_ok (id, owner_name) FROM stdin;
1\tsecret-row-value
\\.
CREATE INDEX CONCURRENTLY skipped_ok_id_idx ON public.skipped_ok (id);
COMMIT;
\\unrestrict K3y
`;
    const result = await loadSchemaFile(client, script);
    assert.equal(result.statementsApplied, 6);
    assert.deepEqual(
      result.notes.map((n) => [n.line, n.statement, n.reason]),
      [
        [4, null, 'psql-meta-command'],
        [6, 2, 'setting-rejected'],
        [9, 5, 'database-statement'],
        [10, null, 'psql-meta-command'],
        [11, 6, 'transaction-control'],
        [13, 8, 'ownership'],
        [15, 10, 'privileges'],
        [16, 11, 'privileges'],
        [17, 12, 'privileges'],
        [18, 13, 'role-switch'],
        [19, 14, 'role-switch'],
        [20, 15, 'copy-data'],
        [23, 16, 'concurrently-removed'],
        [24, 17, 'transaction-control'],
        [25, null, 'psql-meta-command'],
      ],
    );
    assert.equal(result.notes[0]?.detail, '\\restrict');
    assert.match(result.notes[1]?.detail ?? '', /unrecognized configuration parameter/);
    assert.equal(JSON.stringify(result).includes('secret-row-value'), false);
    const columns = await client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'public.skipped_ok'::regclass AND attnum > 0 ORDER BY attnum`,
    );
    assert.deepEqual(columns.rows.map((r) => r.name), ['id', 'owner_name']);
    const indexes = await client.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'skipped_ok_id_idx'`);
    assert.equal(indexes.rowCount, 1);
    assert.equal((await client.query('SELECT count(*)::int AS n FROM public.skipped_ok')).rows[0].n, 0, 'no COPY data loaded');
    const settings = await client.query(`SELECT current_setting('statement_timeout') AS timeout, current_setting('search_path') AS path`);
    assert.deepEqual(settings.rows[0], { timeout: '5s', path: '"$user", public' });
  });

  it('reports a deferred constraint violated at commit as bad input', async () => {
    const error = await rejection(
      loadSchemaFile(
        client,
        `CREATE TABLE public.deferred_parent (id integer PRIMARY KEY);
CREATE TABLE public.deferred_child (parent_id integer REFERENCES public.deferred_parent DEFERRABLE INITIALLY DEFERRED);
INSERT INTO public.deferred_child VALUES (42);`,
      ),
    );
    assert.equal(error.code, 'INPUT_INVALID');
    assert.deepEqual(error.context, { step: 'committing', sqlstate: '23503' });
    assert.equal((await tableNames(client)).includes('deferred_parent'), false);
  });

  it('refuses a NUL character and ignores a byte-order mark', async () => {
    const nul = await rejection(loadSchemaFile(client, 'SELECT 1;\nSELECT \'a\u0000b\';'));
    assert.equal(nul.code, 'INPUT_INVALID');
    assert.equal(nul.context.line, 2);
    assert.deepEqual(await loadSchemaFile(client, '\uFEFFCREATE TABLE public.with_bom (id integer);'), { statementsApplied: 1, notes: [] });
  });

  it('works inside a caller transaction without ending it, and leaves it usable after a failure', async () => {
    await client.query('BEGIN');
    await loadSchemaFile(client, 'CREATE TABLE public.in_caller_transaction (id integer)');
    await rejection(loadSchemaFile(client, 'CREATE TABLE public.never (id integer); SELECT no_such_column FROM public.never'));
    assert.equal(client.getTransactionStatus(), 'T', 'the caller transaction is still open and usable');
    assert.ok((await tableNames(client)).includes('in_caller_transaction'));
    assert.equal((await tableNames(client)).includes('never'), false);
    await client.query('ROLLBACK');
    assert.equal((await tableNames(client)).includes('in_caller_transaction'), false);
  });
});

describe('loadSchemaFile round trip through pg_dump', () => {
  const databases: TestDatabase[] = [];
  const clients: pg.Client[] = [];

  async function open(): Promise<{ database: TestDatabase; client: pg.Client }> {
    const database = await createTestDatabase('st_schema_dump');
    databases.push(database);
    const client = new pg.Client({ connectionString: database.url });
    clients.push(client);
    await client.connect();
    return { database, client };
  }

  after(async () => {
    for (const client of clients) await client.end();
    for (const database of databases) await database.drop();
  });

  it('loads pg_dump --schema-only output of the wide schema into an identical model', async (t) => {
    const source = await open();
    await loadSchemaFile(source.client, WIDE_SCHEMA);
    let dump: string;
    try {
      dump = (await promisify(execFile)('pg_dump', ['--schema-only', '--dbname', source.database.url], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        t.skip('pg_dump is not installed');
        return;
      }
      throw error;
    }
    const copy = await open();
    const result = await loadSchemaFile(copy.client, dump);
    const allowed = new Set(['psql-meta-command', 'ownership', 'privileges', 'setting-rejected']);
    assert.deepEqual(result.notes.filter((n) => !allowed.has(n.reason)), []);
    assert.ok(result.notes.some((n) => n.reason === 'ownership'), 'pg_dump writes OWNER TO statements');
    const [original, restored] = await Promise.all([introspectSchema(source.client), introspectSchema(copy.client)]);
    assert.equal(restored.version, original.version);
    assert.deepEqual(structureOf(restored), structureOf(original));
  });
});
