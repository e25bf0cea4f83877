import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { computeSchemaVersion } from '@shadowtune/shared/schema-model/compute-schema-version';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { SHADOW_MARKER_SCHEMA } from '../../src/schema/shadow-marker-schema.js';
import { syncShadowSchema } from '../../src/schema/sync-shadow-schema.js';
import { WIDE_SCHEMA_SQL } from '../support/wide-schema.js';

/** The structural version of a model without its views (which the model cannot recreate). */
function versionWithoutViews(model: SchemaModel): string {
  const { version: _version, ...rest } = model;
  return computeSchemaVersion({ ...rest, tables: rest.tables.filter((t) => t.kind !== 'view' && t.schema !== SHADOW_MARKER_SCHEMA) });
}

const HOSTILE_SCHEMA = `
CREATE SCHEMA "Sales-2024";
CREATE TYPE "Sales-2024"."state ""q""" AS ENUM ('it''s', 'done');
CREATE TABLE "Sales-2024"."Order ""Items""" ("select" int PRIMARY KEY, "Mixed Case" text NOT NULL, "state" "Sales-2024"."state ""q""");
CREATE INDEX "idx; DROP TABLE x" ON "Sales-2024"."Order ""Items""" ("Mixed Case");`;

describe('syncShadowSchema', () => {
  let production: TestDatabase;
  let shadow: TestDatabase;
  let prod: pg.Client;
  let shadowClient: pg.Client;
  before(async () => {
    production = await createTestDatabase();
    shadow = await createTestDatabase();
    prod = new pg.Client({ connectionString: production.url });
    shadowClient = new pg.Client({ connectionString: shadow.url });
    await prod.connect();
    await shadowClient.connect();
    await loadSchemaFile(prod, WIDE_SCHEMA_SQL + HOSTILE_SCHEMA);
  });
  after(async () => {
    await prod.end();
    await shadowClient.end();
    await production.drop();
    await shadow.drop();
  });

  it('recreates every replicated object: the shadow introspects to the same structure', async () => {
    const model = await introspectSchema(prod);
    const result = await syncShadowSchema(shadowClient, model);
    assert.equal(result.action, 'created');
    assert.deepEqual(result.notes, []);
    const copy = await introspectSchema(shadowClient);
    assert.equal(versionWithoutViews(copy), versionWithoutViews(model));
    // Spot checks of what the version covers.
    const customers = copy.tables.find((t) => t.name === 'customers');
    assert.equal(customers?.columns.find((c) => c.name === 'id')?.identity, 'always');
    assert.equal(customers?.columns.find((c) => c.name === 'email_lower')?.generatedExpression, 'lower(email)');
    assert.ok(copy.tables.find((t) => t.name === 'measurements_2024h2')?.partitioning?.bound?.includes('2024-07-01'));
    assert.ok(copy.tables.find((t) => t.name === 'Order "Items"')?.indexes.some((i) => i.name === 'idx; DROP TABLE x'));
  });

  it('is idempotent: the same version is left alone, data included', async () => {
    const model = await introspectSchema(prod);
    await shadowClient.query(`INSERT INTO "Sales-2024"."Order ""Items""" ("select", "Mixed Case") VALUES (1, 'kept')`);
    const result = await syncShadowSchema(shadowClient, model);
    assert.equal(result.action, 'unchanged');
    const rows = await shadowClient.query(`SELECT count(*)::int AS n FROM "Sales-2024"."Order ""Items"""`);
    assert.equal(rows.rows[0].n, 1);
  });

  it('re-syncs after production changes: drop and recreate', async () => {
    await prod.query('ALTER TABLE orders ADD COLUMN coupon text; CREATE TABLE audit_log (id bigint PRIMARY KEY)');
    const model = await introspectSchema(prod);
    const result = await syncShadowSchema(shadowClient, model);
    assert.equal(result.action, 'replaced');
    const copy = await introspectSchema(shadowClient);
    assert.equal(versionWithoutViews(copy), versionWithoutViews(model));
    assert.ok(copy.tables.find((t) => t.name === 'orders')?.columns.some((c) => c.name === 'coupon'));
    const rows = await shadowClient.query(`SELECT count(*)::int AS n FROM "Sales-2024"."Order ""Items"""`);
    assert.equal(rows.rows[0].n, 0);
  });

  it('leaves the previous schema in place when a statement fails', async () => {
    const model = await introspectSchema(prod);
    const broken: SchemaModel = { ...model, version: 'broken', domains: [...model.domains, { schema: 'public', name: 'bad', baseType: 'no_such_type', notNull: false, checks: [], defaultExpression: null }] };
    await assert.rejects(syncShadowSchema(shadowClient, broken), (error: Error & { code?: string }) => error.code === 'SHADOW_FAILED' && /domain public\.bad/.test(error.message));
    const state = await shadowClient.query(`SELECT version FROM ${SHADOW_MARKER_SCHEMA}.schema_sync`);
    assert.equal(state.rows[0].version, model.version);
    assert.ok((await introspectSchema(shadowClient)).tables.some((t) => t.name === 'audit_log'));
  });
});
