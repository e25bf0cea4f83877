import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { classifyDeployerStatement, createDeployer, type Deployer } from '../../src/db/create-deployer.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { loadSqlParser } from '../../src/sql/parse-statement.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let owner: pg.Client;
let deployer: Deployer;

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_deploy');
  owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  await owner.query(`CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL, team int NOT NULL);
    INSERT INTO accounts SELECT g, 'user' || (g % 500) || '@example.com', g % 7 FROM generate_series(1, 2000) g;
    CREATE FUNCTION slow_identity(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 0 * length(pg_sleep(0.002)::text)';`);
  deployer = await createDeployer({ url: database.url, lockTimeoutMs: 300, statementTimeoutMs: 60_000 });
});

after(async () => {
  await deployer?.close();
  await owner?.end();
  await database?.drop();
});

async function indexNames(): Promise<string[]> {
  const result = await owner.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'accounts' ORDER BY 1`);
  return result.rows.map((r) => r.name);
}

function assertRefused(error: unknown): true {
  assert.ok(error instanceof ShadowtuneError);
  assert.equal(error.code, 'PRODUCTION_WRITE_REFUSED');
  return true;
}

describe('deployer role', () => {
  const refused = [
    'CREATE INDEX accounts_team_idx ON accounts (team)',
    'CREATE INDEX CONCURRENTLY ON accounts (team)',
    'DROP INDEX accounts_pkey',
    'DROP INDEX CONCURRENTLY a_idx, b_idx',
    'DROP INDEX CONCURRENTLY a_idx CASCADE',
    'DROP TABLE accounts',
    'DELETE FROM accounts',
    'ALTER TABLE accounts ADD COLUMN x int',
    'CREATE INDEX CONCURRENTLY a_idx ON accounts (team); DROP TABLE accounts',
    'SELECT 1',
    'not sql at all',
  ];
  for (const sql of refused) {
    it(`refuses before sending: ${sql}`, async () => {
      assert.throws(() => classifyDeployerStatement(sql), assertRefused);
      await assert.rejects(deployer.createIndexConcurrently(sql), assertRefused);
      await assert.rejects(deployer.dropIndexConcurrently(sql), assertRefused);
    });
  }

  it('reads what a statement is from its parse tree', () => {
    assert.deepEqual(classifyDeployerStatement('CREATE INDEX CONCURRENTLY "a_team_idx" ON "public"."accounts" ("team")'), {
      kind: 'create-index',
      schema: 'public',
      table: 'accounts',
      index: 'a_team_idx',
    });
    assert.deepEqual(classifyDeployerStatement('DROP INDEX CONCURRENTLY IF EXISTS "public"."a_team_idx"'), { kind: 'drop-index', schema: 'public', index: 'a_team_idx' });
  });

  it('builds an index concurrently, verifies it, and treats a second build as already present', async () => {
    const ddl = 'CREATE INDEX CONCURRENTLY "accounts_team_idx" ON "public"."accounts" ("team")';
    const first = await deployer.createIndexConcurrently(ddl);
    assert.equal(first.alreadyPresent, false);
    assert.equal(first.state.valid, true);
    assert.deepEqual(first.statements, [ddl]);
    const again = await deployer.createIndexConcurrently(ddl);
    assert.equal(again.alreadyPresent, true);
    assert.deepEqual(again.statements, []);
    assert.ok((await indexNames()).includes('accounts_team_idx'));

    const drop = await deployer.dropIndexConcurrently('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_team_idx"');
    assert.equal(drop.alreadyAbsent, false);
    assert.ok(!(await indexNames()).includes('accounts_team_idx'));
    const dropAgain = await deployer.dropIndexConcurrently('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_team_idx"');
    assert.equal(dropAgain.alreadyAbsent, true);
  });

  it('drops the INVALID index a failed build leaves (unique violation)', async () => {
    const ddl = 'CREATE UNIQUE INDEX CONCURRENTLY "accounts_email_key" ON "public"."accounts" ("email")';
    await assert.rejects(deployer.createIndexConcurrently(ddl), (error: unknown) => {
      assert.ok(error instanceof ShadowtuneError);
      assert.equal(error.code, 'DEPLOYMENT_FAILED');
      assert.equal(error.context.invalidIndexDropped, true);
      assert.doesNotMatch(error.message, /user\d+@example/, 'no value in the message');
      return true;
    });
    assert.ok(!(await indexNames()).includes('accounts_email_key'));
  });

  it('gives up under lock_timeout when the table is locked, leaving nothing behind', async () => {
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE accounts IN SHARE UPDATE EXCLUSIVE MODE');
      await assert.rejects(deployer.createIndexConcurrently('CREATE INDEX CONCURRENTLY "accounts_email_idx" ON "public"."accounts" ("email")'), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'DEPLOYMENT_FAILED');
        assert.equal(error.context.errorCode, 'DB_LOCK_TIMEOUT');
        assert.equal(error.retriable, true);
        return true;
      });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    assert.ok(!(await indexNames()).includes('accounts_email_idx'));
  });

  it('stops a build at statement_timeout and drops the INVALID index it left', async () => {
    const impatient = await createDeployer({ url: database.url, lockTimeoutMs: 1_000, statementTimeoutMs: 1_000 });
    try {
      // 2000 rows at 2 ms each: the build needs about 4 s.
      await assert.rejects(impatient.createIndexConcurrently('CREATE INDEX CONCURRENTLY "accounts_slow_idx" ON "public"."accounts" (slow_identity(team))'), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'DEPLOYMENT_FAILED');
        assert.equal(error.context.errorCode, 'DB_STATEMENT_TIMEOUT');
        assert.equal(error.context.invalidIndexDropped, true);
        return true;
      });
    } finally {
      await impatient.close();
    }
    assert.ok(!(await indexNames()).includes('accounts_slow_idx'));
  });
});
