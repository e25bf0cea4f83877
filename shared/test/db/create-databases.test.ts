import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { createDatabases } from '../../src/db/create-databases.js';
import { createLogger } from '../../src/log/create-logger.js';
import { createTestDatabase } from '../../../test/support/postgres/test-database.js';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('createDatabases', () => {
  it('starts one embedded PostgreSQL for shadow and catalog when no URL is configured, migrates the catalog, and stops it', async () => {
    const databases = createDatabases(loadConfig({ env: {} }), logger);
    try {
      assert.equal(await databases.production(), null, 'no production without a URL');
      const shadow = await databases.shadow();
      const catalog = await databases.catalog();
      const version = await shadow.pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      assert.ok(Number(version.rows[0]!.v) >= 180000, 'the embedded server is PostgreSQL 18');
      assert.equal(new URL(shadow.url).port, new URL(catalog.url).port, 'one server for both');
      const names = await catalog.pool.query<{ d: string }>('SELECT current_database() AS d');
      assert.equal(names.rows[0]!.d, 'shadowtune_catalog');
      const migrated = await catalog.pool.query("SELECT 1 FROM shadowtune.schema_migrations WHERE version = '0001'");
      assert.equal(migrated.rowCount, 1);
    } finally {
      await databases.close();
    }
  });

  it('uses configured URLs, and the production role it opens is read-only', async () => {
    const shadowDb = await createTestDatabase('st_dbs');
    const catalogDb = await createTestDatabase('st_dbs');
    const databases = createDatabases(
      loadConfig({ env: {}, overrides: { 'connections.shadow': shadowDb.url, 'connections.catalog': catalogDb.url, 'connections.production': shadowDb.url } }),
      logger,
    );
    try {
      const shadow = await databases.shadow();
      assert.equal(shadow.url, shadowDb.url);
      await shadow.pool.query('CREATE TABLE t (id int)');
      const production = await databases.production();
      assert.ok(production);
      await assert.rejects(production.query('INSERT INTO t VALUES (1)'), /read-only production role/);
      const catalog = await databases.catalog();
      assert.equal((await catalog.pool.query("SELECT to_regclass('shadowtune.schema_migrations') AS r")).rows[0].r, 'shadowtune.schema_migrations');
    } finally {
      await databases.close();
      await shadowDb.drop();
      await catalogDb.drop();
    }
  });
});
