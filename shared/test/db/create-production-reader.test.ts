import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createProductionReader, type ClosableProductionReader } from '../../src/db/create-production-reader.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let reader: ClosableProductionReader;
let owner: pg.Client;

before(async () => {
  database = await createTestDatabase('st_prod');
  owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  await owner.query(`CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL);
    INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE SEQUENCE audit_seq;`);
  reader = await createProductionReader({ url: database.url });
});

after(async () => {
  await reader?.close();
  await owner?.end();
  await database?.drop();
});

async function rowCount(): Promise<number> {
  const result = await owner.query<{ n: string }>('SELECT count(*) AS n FROM accounts');
  return Number(result.rows[0]!.n);
}

describe('production read-only role', () => {
  const refused = [
    'INSERT INTO accounts (email) VALUES ($1)',
    'UPDATE accounts SET email = email',
    'DELETE FROM accounts',
    'TRUNCATE accounts',
    'DROP TABLE accounts',
    'CREATE INDEX ON accounts (email)',
    'ALTER TABLE accounts ADD COLUMN x int',
    'EXPLAIN ANALYZE DELETE FROM accounts',
    'EXPLAIN (ANALYZE true, FORMAT JSON) SELECT 1',
    'SELECT * FROM accounts FOR UPDATE',
    'WITH gone AS (DELETE FROM accounts RETURNING id) SELECT count(*) FROM gone',
    'SELECT * INTO accounts_copy FROM accounts',
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT nextval('audit_seq')",
    'SELECT pg_advisory_lock(1)',
    'SET default_transaction_read_only = off',
    'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
    'BEGIN READ WRITE',
    'SELECT 1; DELETE FROM accounts',
    'COPY accounts FROM STDIN',
    'CALL some_procedure()',
    'VACUUM accounts',
    'this is not sql',
  ];
  for (const sql of refused) {
    it(`refuses before sending: ${sql}`, async () => {
      await assert.rejects(reader.query(sql, sql.includes('$1') ? ['x@example.com'] : []), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'PRODUCTION_WRITE_REFUSED');
        assert.equal(error.retriable, false);
        assert.ok(!error.message.includes('x@example.com'), 'parameters stay out of the message');
        assert.ok(!Object.keys(error).includes('sql'), 'the statement is not enumerable');
        return true;
      });
    });
  }

  it('left the data untouched', async () => {
    assert.equal(await rowCount(), 50);
  });

  it('runs reads: SELECT, EXPLAIN, SHOW, planner settings, PREPARE and EXPLAIN EXECUTE', async () => {
    const rows = await reader.query<{ n: string }>('SELECT count(*) AS n FROM accounts WHERE id > $1', [10]);
    assert.equal(rows.rows[0]!.n, '40');
    const plan = await reader.query('EXPLAIN (FORMAT JSON) SELECT * FROM accounts WHERE email = $1', ['a']);
    assert.ok(Array.isArray(plan.rows[0]!['QUERY PLAN']));
    await reader.query('EXPLAIN DELETE FROM accounts WHERE id = 1');
    const mode = await reader.query<{ default_transaction_read_only: string }>('SHOW default_transaction_read_only');
    assert.equal(mode.rows[0]!.default_transaction_read_only, 'on', 'sessions are read-only on the server side too');
    await reader.query("SELECT relname FROM pg_class WHERE relname = 'accounts'");
    assert.equal(await rowCount(), 50);
  });

  it('is read-only on the server even for what the check lets through', async () => {
    // A function that writes, called from a SELECT: the check cannot see inside it, the server stops it.
    await owner.query(`CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql AS $$ INSERT INTO accounts (email) VALUES ('z') RETURNING id $$`);
    await assert.rejects(reader.query('SELECT sneaky()'), (error: unknown) => {
      assert.ok(error instanceof ShadowtuneError);
      assert.equal(error.code, 'PRODUCTION_WRITE_REFUSED');
      return true;
    });
    assert.equal(await rowCount(), 50);
  });
});
