import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { readMigrations, runMigrations } from '../../src/catalog/run-migrations.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
const dir = mkdtempSync(join(tmpdir(), 'shadowtune-migrations-'));

before(async () => {
  database = await createTestDatabase('st_migr');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
after(async () => {
  await client?.end();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('runMigrations', () => {
  it("applies the project's migrations once, then nothing on a second run", async () => {
    const all = readMigrations();
    assert.ok(all.length >= 1);
    assert.equal(all[0]!.version, '0001');
    const first = await runMigrations(client);
    assert.deepEqual(first.applied, all.map((m) => m.version));
    const second = await runMigrations(client);
    assert.deepEqual(second.applied, []);
    assert.equal(second.alreadyApplied.length, all.length);
    const tables = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'shadowtune' AND tablename = 'processed_events'");
    assert.equal(tables.rowCount, 1);
  });

  it('rolls back a failing migration and names it, keeping earlier ones', async () => {
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE shadowtune.migration_probe (id int);');
    writeFileSync(join(dir, '0002_broken.sql'), 'CREATE TABLE shadowtune.half_done (id int); SELECT no_such_function();');
    const scratch = await createTestDatabase('st_migr');
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    try {
      await assert.rejects(runMigrations(other, readMigrations(dir)), (error: unknown) => {
        assert.ok(error instanceof ShadowtuneError);
        assert.equal(error.code, 'MIGRATION_FAILED');
        assert.match(error.message, /0002_broken/);
        return true;
      });
      const probe = await other.query("SELECT to_regclass('shadowtune.migration_probe') AS a, to_regclass('shadowtune.half_done') AS b");
      assert.equal(probe.rows[0].a, 'shadowtune.migration_probe');
      assert.equal(probe.rows[0].b, null, 'the failed migration left nothing behind');
      writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE shadowtune.migration_probe (id bigint);');
      writeFileSync(join(dir, '0002_broken.sql'), 'SELECT 1;');
      await assert.rejects(runMigrations(other, readMigrations(dir)), /changed after it was applied/);
    } finally {
      await other.end();
      await scratch.drop();
    }
  });
});
