import pg from 'pg';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { syncShadowSchema } from '../../src/schema/sync-shadow-schema.js';

export interface ShadowFixture {
  readonly model: SchemaModel;
  /** Pools of fresh shadow databases, each synced to the model. */
  readonly shadows: readonly pg.Pool[];
  readonly production: pg.Pool;
  drop(): Promise<void>;
}

/**
 * A "production" database holding `schemaSql` (and whatever `seedSql` puts in it, then
 * ANALYZEd), its introspected model, and `shadowCount` shadow databases synced to it.
 */
export async function createShadowFixture(schemaSql: string, shadowCount: number, seedSql = ''): Promise<ShadowFixture> {
  await loadSqlParser();
  const databases: TestDatabase[] = [await createTestDatabase()];
  const production = new pg.Pool({ connectionString: (databases[0] as TestDatabase).url, max: 2 });
  const shadows: pg.Pool[] = [];
  try {
    await loadSchemaFile(production, schemaSql);
    if (seedSql !== '') await production.query(`${seedSql}; ANALYZE`);
    const model = await introspectSchema(production);
    for (let i = 0; i < shadowCount; i += 1) {
      const db = await createTestDatabase();
      databases.push(db);
      const pool = new pg.Pool({ connectionString: db.url, max: 3 });
      shadows.push(pool);
      const client = await pool.connect();
      try {
        await syncShadowSchema(client, model);
      } finally {
        client.release();
      }
    }
    return {
      model,
      shadows,
      production,
      async drop() {
        await production.end();
        for (const pool of shadows) await pool.end();
        for (const db of databases) await db.drop();
      },
    };
  } catch (error) {
    await production.end();
    for (const pool of shadows) await pool.end();
    for (const db of databases) await db.drop();
    throw error;
  }
}

/** md5 of every row of a table in a fixed order: equal checksums mean identical data. */
export async function tableChecksum(pool: pg.Pool, qualifiedName: string): Promise<string> {
  const result = await pool.query(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${qualifiedName} AS t`);
  return result.rows[0].sum as string;
}
