import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '../../src/sql/quote-identifier.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

const hostile = ['users', 'Order', 'select', 'a"b', 'x"; DROP TABLE victims; --', 'naïve ünïcode', 'sp ace', '"', 'a.b'];

let database: TestDatabase;
let client: pg.Client;
before(async () => {
  database = await createTestDatabase('st_quote');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('CREATE TABLE victims (id int)');
});
after(async () => {
  await client?.end();
  await database?.drop();
});

describe('quoteIdentifier', () => {
  it('quotes as text', () => {
    assert.equal(quoteIdentifier('users'), '"users"');
    assert.equal(quoteIdentifier('a"b'), '"a""b"');
    assert.equal(quoteQualifiedName('public', 'Order'), '"public"."Order"');
    assert.equal(quoteLiteral("it's"), "'it''s'");
  });

  for (const name of hostile) {
    it(`creates and finds exactly the table named ${JSON.stringify(name)} when run`, async () => {
      await client.query(`CREATE TABLE ${quoteIdentifier(name)} (${quoteIdentifier(name)} text)`);
      await client.query(`INSERT INTO ${quoteIdentifier(name)} VALUES (${quoteLiteral(name)})`);
      const found = await client.query('SELECT 1 FROM pg_class WHERE relname = $1', [name]);
      assert.equal(found.rowCount, 1);
      const value = await client.query(`SELECT ${quoteIdentifier(name)} AS v FROM ${quoteIdentifier(name)}`);
      assert.equal(value.rows[0].v, name);
      assert.equal((await client.query("SELECT to_regclass('victims') AS r")).rows[0].r, 'victims', 'nothing else was touched');
    });
  }

  it('refuses names the server would mangle or reject', () => {
    for (const bad of ['', 'a\u0000b', 'x'.repeat(64), 'é'.repeat(32)]) {
      assert.throws(() => quoteIdentifier(bad), (e: unknown) => e instanceof ShadowtuneError && e.code === 'IDENTIFIER_INVALID');
    }
    assert.equal(quoteIdentifier('x'.repeat(63)).length, 65);
  });
});
