import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { classifyMigrationStep, createMigrationDeployer, type MigrationDeployer } from '../../src/db/create-migration-deployer.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { loadSqlParser } from '../../src/sql/parse-statement.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let owner: pg.Client;
let deployer: MigrationDeployer;

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_migdeploy');
  owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
  await owner.query(`CREATE TABLE accounts (id int PRIMARY KEY, ref text NOT NULL, team int NOT NULL);
    INSERT INTO accounts SELECT g, (g % 900)::text, g % 7 FROM generate_series(1, 2000) g;
    CREATE TABLE teams (id int PRIMARY KEY);
    INSERT INTO teams SELECT g FROM generate_series(0, 6) g;`);
  deployer = await createMigrationDeployer({ url: database.url, lockTimeoutMs: 200, statementTimeoutMs: 60_000 });
});

after(async () => {
  await deployer?.close();
  await owner?.end();
  await database?.drop();
});

function assertRefused(error: unknown): true {
  assert.ok(error instanceof ShadowtuneError, String(error));
  assert.equal(error.code, 'PRODUCTION_WRITE_REFUSED');
  return true;
}

const BATCH = `WITH batch AS (UPDATE "public"."accounts" AS t SET "ref_num" = t."ref"::bigint
  WHERE t."id" IN (SELECT "id" FROM "public"."accounts" WHERE $1::int IS NULL OR "id" > $1::int ORDER BY "id" LIMIT 300) RETURNING t."id")
  SELECT max("id")::text AS cursor, count(*)::int AS rows FROM batch`;

describe('migration deployer: allow-list', () => {
  const allowed: [string, string][] = [
    ['CREATE INDEX CONCURRENTLY "a_idx" ON "public"."accounts" ("team")', 'concurrent'],
    ['DROP INDEX CONCURRENTLY IF EXISTS "public"."a_idx"', 'concurrent'],
    ['ALTER TABLE "public"."accounts" ADD COLUMN IF NOT EXISTS "flag" boolean DEFAULT false NOT NULL', 'transaction'],
    [`ALTER TABLE "public"."accounts" ADD COLUMN "d" text GENERATED ALWAYS AS (ref || 'x') VIRTUAL`, 'transaction'],
    ['ALTER TABLE "public"."accounts" ADD CONSTRAINT "fk" FOREIGN KEY ("team") REFERENCES "public"."teams" ("id") NOT VALID', 'transaction'],
    ['ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "fk"', 'transaction'],
    ['ALTER TABLE "public"."accounts" DROP CONSTRAINT IF EXISTS "fk"', 'transaction'],
    ['LOCK TABLE "public"."accounts" IN ACCESS EXCLUSIVE MODE; ALTER TABLE "public"."accounts" RENAME COLUMN "ref" TO "ref_old"', 'transaction'],
    ['CREATE TABLE "public"."n" (LIKE "public"."accounts" INCLUDING DEFAULTS, PRIMARY KEY ("id")) PARTITION BY RANGE ("id")', 'transaction'],
    ['DROP TABLE IF EXISTS "public"."n"', 'transaction'],
    [`CREATE FUNCTION "public"."f"() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN IF TG_OP = 'DELETE' THEN DELETE FROM "public"."n" WHERE "id" = OLD."id"; RETURN OLD; END IF; NEW."team" := 1; RETURN NEW; END $f$`, 'transaction'],
    ['CREATE TRIGGER "tr" BEFORE INSERT OR UPDATE ON "public"."accounts" FOR EACH ROW EXECUTE FUNCTION "public"."f"()', 'transaction'],
    ['DROP TRIGGER IF EXISTS "tr" ON "public"."accounts"; DROP FUNCTION IF EXISTS "public"."f"()', 'transaction'],
    ['ANALYZE "public"."accounts"', 'transaction'],
    [BATCH, 'batched'],
    [
      `WITH source AS (SELECT "id", "team" FROM "public"."accounts" WHERE $1::int IS NULL OR "id" > $1::int ORDER BY "id" LIMIT 100),
        copied AS (INSERT INTO "public"."n" ("id", "team") SELECT "id", "team" FROM source ON CONFLICT DO NOTHING RETURNING 1)
        SELECT (SELECT (array_agg("id" ORDER BY "id" DESC))[1]::text FROM source) AS cursor, (SELECT count(*) FROM source)::int AS rows`,
      'batched',
    ],
    ['CREATE TABLE "public"."n" ("id" int, "ts" date) PARTITION BY RANGE ("ts"); CREATE INDEX "n_ts_idx" ON "public"."n" ("ts")', 'transaction'],
  ];
  for (const [sql, mode] of allowed) {
    it(`allows (${mode}): ${sql.slice(0, 70)}`, () => {
      assert.equal(classifyMigrationStep(sql).mode, mode);
    });
  }

  const refused = [
    'CREATE INDEX "a_idx" ON "public"."accounts" ("team")',
    'CREATE INDEX CONCURRENTLY ON accounts (team)',
    'DROP INDEX "a_idx"',
    'DROP TABLE accounts CASCADE',
    'DROP TABLE accounts, teams',
    'DROP SCHEMA public',
    'DELETE FROM accounts',
    'UPDATE accounts SET team = 1',
    'TRUNCATE accounts',
    'ALTER TABLE accounts ALTER COLUMN ref TYPE bigint USING ref::bigint',
    'ALTER TABLE accounts ADD COLUMN x timestamptz DEFAULT clock_timestamp()',
    `ALTER TABLE accounts ADD COLUMN d text GENERATED ALWAYS AS (ref || 'x') STORED`,
    'ALTER TABLE accounts ADD COLUMN x int NOT NULL',
    'ALTER TABLE accounts ADD COLUMN x int UNIQUE',
    'ALTER TABLE accounts ADD CONSTRAINT fk FOREIGN KEY (team) REFERENCES teams (id)',
    'ALTER TABLE accounts ADD CONSTRAINT u UNIQUE (ref)',
    'ALTER TABLE accounts ALTER COLUMN ref SET NOT NULL',
    'ALTER TABLE accounts DROP COLUMN ref CASCADE',
    'ALTER TABLE accounts OWNER TO nobody',
    'CREATE INDEX CONCURRENTLY a_idx ON accounts (team); ANALYZE accounts',
    'CREATE TABLE "public"."n" ("id" int); CREATE INDEX "a_idx" ON "public"."accounts" ("team")',
    `WITH gone AS (DELETE FROM accounts WHERE id > $1 RETURNING id), batch AS (UPDATE accounts SET team = 1 WHERE id IN (SELECT id FROM accounts LIMIT 5) RETURNING id) SELECT max(id)::text, count(*) FROM batch`,
    'CREATE TEMP TABLE t (a int)',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN EXECUTE 'DROP TABLE accounts'; RETURN NEW; END $f$`,
    `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN PERFORM pg_sleep(1); RETURN NEW; END $f$`,
    `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $f$ BEGIN RETURN NEW; END $f$`,
    'CREATE TRIGGER tr AFTER INSERT ON accounts EXECUTE FUNCTION f()',
    'VACUUM FULL accounts',
    'SELECT 1',
    `WITH batch AS (UPDATE accounts SET team = 1 RETURNING id) SELECT max(id)::text AS cursor, count(*) AS rows FROM batch`,
    `WITH batch AS (UPDATE accounts SET team = $2 WHERE id IN (SELECT id FROM accounts WHERE id > $1 LIMIT 5) RETURNING id) SELECT max(id)::text, count(*) FROM batch`,
    'GRANT ALL ON accounts TO public',
    'not sql at all',
  ];
  for (const sql of refused) {
    it(`refuses before sending: ${sql.slice(0, 80)}`, async () => {
      assert.throws(() => classifyMigrationStep(sql), assertRefused);
      await assert.rejects(deployer.runStep(sql), assertRefused);
    });
  }
});

describe('migration deployer: running steps', () => {
  it('runs a transaction step all or nothing', async () => {
    await assert.rejects(
      deployer.runStep('ALTER TABLE "public"."accounts" ADD COLUMN "tmp" int; ALTER TABLE "public"."accounts" ADD COLUMN "tmp" int'),
      (error: unknown) => error instanceof ShadowtuneError && error.code === 'DEPLOYMENT_FAILED' && error.context.errorCode === 'DB_QUERY_FAILED',
    );
    const columns = await owner.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'tmp'`);
    assert.equal(columns.rowCount, 0, 'the first ADD COLUMN was rolled back with the failing second one');
  });

  it('repeats a batched step until it writes nothing, one short transaction per batch', async () => {
    await deployer.runStep('ALTER TABLE "public"."accounts" ADD COLUMN IF NOT EXISTS "ref_num" bigint');
    const seen: number[] = [];
    const outcome = await deployer.runStep(BATCH, { onBatch: (rows) => seen.push(rows) });
    assert.equal(outcome.mode, 'batched');
    assert.equal(outcome.rows, 2000);
    assert.equal(outcome.batches, 7);
    assert.deepEqual(seen, [300, 300, 300, 300, 300, 300, 200]);
    const left = await owner.query(`SELECT count(*)::int AS n FROM accounts WHERE ref_num IS DISTINCT FROM ref::bigint`);
    assert.equal(left.rows[0].n, 0);
  });

  it('gives up on a lock after lock_timeout with a retriable error, leaving nothing half done', async () => {
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE accounts IN ACCESS SHARE MODE');
      await assert.rejects(deployer.runStep('ALTER TABLE "public"."accounts" ADD COLUMN "blocked" int'), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'DEPLOYMENT_FAILED');
        assert.equal(error.context.errorCode, 'DB_LOCK_TIMEOUT');
        assert.equal(error.retriable, true);
        return true;
      });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const columns = await owner.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'blocked'`);
    assert.equal(columns.rowCount, 0);
  });

  it('builds an index concurrently once; a redelivery finds it present; a failed build leaves no INVALID index', async () => {
    const create = 'CREATE INDEX CONCURRENTLY "accounts_team_idx" ON "public"."accounts" ("team")';
    const first = await deployer.runStep(create);
    assert.equal(first.alreadyDone, false);
    const again = await deployer.runStep(create);
    assert.equal(again.alreadyDone, true);
    await assert.rejects(deployer.runStep('CREATE UNIQUE INDEX CONCURRENTLY "accounts_team_key" ON "public"."accounts" ("team")'), (error: unknown) => {
      return error instanceof ShadowtuneError && error.code === 'DEPLOYMENT_FAILED';
    });
    const invalid = await owner.query(`SELECT 1 FROM pg_class WHERE relname = 'accounts_team_key'`);
    assert.equal(invalid.rowCount, 0, 'the INVALID index left by the failed build was dropped');
    const drop = await deployer.runStep('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_team_idx"');
    assert.equal(drop.alreadyDone, false);
    assert.equal((await deployer.runStep('DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_team_idx"')).alreadyDone, true);
  });

  it('adds a foreign key NOT VALID then validates it', async () => {
    await deployer.runStep('ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_team_fk" FOREIGN KEY ("team") REFERENCES "public"."teams" ("id") NOT VALID');
    let state = await owner.query(`SELECT convalidated FROM pg_constraint WHERE conname = 'accounts_team_fk'`);
    assert.equal(state.rows[0].convalidated, false);
    await deployer.runStep('ALTER TABLE "public"."accounts" VALIDATE CONSTRAINT "accounts_team_fk"');
    state = await owner.query(`SELECT convalidated FROM pg_constraint WHERE conname = 'accounts_team_fk'`);
    assert.equal(state.rows[0].convalidated, true);
  });
});
