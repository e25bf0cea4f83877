import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { renderSchemaDdl } from '../../src/schema/render-schema-ddl.js';

function table(partial: Partial<TableModel> & Pick<TableModel, 'name'>): TableModel {
  return {
    schema: 'public',
    kind: 'table',
    columns: [],
    primaryKey: null,
    uniqueConstraints: [],
    checks: [],
    foreignKeys: [],
    indexes: [],
    partitioning: null,
    stats: { rowEstimate: 0, pages: 0, totalBytes: 0 },
    ...partial,
  };
}

const column = (name: string, dataType: string, extra: Partial<TableModel['columns'][number]> = {}) => ({
  name, position: 1, dataType, typeName: dataType, typeCategory: 'N', isArray: false, nullable: true, defaultExpression: null,
  identity: null, generatedExpression: null, maxLength: null, numericPrecision: null, numericScale: null, stats: null, ...extra,
});

describe('renderSchemaDdl', () => {
  it('quotes every name taken from the model and keeps server-printed expressions as printed', () => {
    const model: SchemaModel = {
      version: 'v',
      serverVersion: 150000,
      extensions: ['plpgsql', 'pg_trgm'],
      enums: [{ schema: 'Sales-2024', name: 'state "x"', labels: ["it's", 'b'] }],
      domains: [{ schema: 'public', name: 'pos', baseType: 'integer', notNull: true, checks: ['CHECK ((VALUE > 0))'], defaultExpression: '1' }],
      sequences: [{ schema: 'public', name: 'seq', ownedBy: 'Sales-2024.Order "Items".select', dataType: 'bigint', identity: false }],
      tables: [
        table({
          schema: 'Sales-2024',
          name: 'Order "Items"',
          columns: [
            column('select', 'bigint', { nullable: false, defaultExpression: "nextval('public.seq'::regclass)" }),
            column('Mixed Case', 'text', { generatedExpression: 'lower("select"::text)', generatedStorage: 'stored' }),
            column('id', 'integer', { identity: 'always', nullable: false }),
          ],
          primaryKey: ['select'],
          indexes: [
            { name: 'pk', method: 'btree', keyParts: [], include: [], unique: true, primary: true, predicate: null, valid: true, definition: 'CREATE UNIQUE INDEX pk ON x', sizeBytes: 0 },
            { name: 'bad', method: 'btree', keyParts: [], include: [], unique: false, primary: false, predicate: null, valid: false, definition: 'CREATE INDEX bad ON x', sizeBytes: 0 },
          ],
          checks: [{ name: 'c"k', definition: 'CHECK (("select" > 0))', columns: ['select'] }],
          foreignKeys: [{ name: 'fk', columns: ['id'], referencedSchema: 'public', referencedTable: 'p', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'no-action', deferrable: true, initiallyDeferred: true, validated: true }],
        }),
      ],
    };
    const sql = renderSchemaDdl(model).map((s) => s.sql);
    assert.ok(sql.includes('CREATE SCHEMA IF NOT EXISTS "Sales-2024"'));
    assert.ok(sql.includes('CREATE EXTENSION IF NOT EXISTS "pg_trgm"'));
    assert.ok(!sql.some((s) => s.includes('plpgsql')));
    assert.ok(sql.includes(`CREATE TYPE "Sales-2024"."state ""x""" AS ENUM ('it''s', 'b')`));
    assert.ok(sql.includes('CREATE DOMAIN "public"."pos" AS integer DEFAULT 1 NOT NULL CHECK ((VALUE > 0))'));
    assert.ok(sql.includes('CREATE SEQUENCE "public"."seq" AS bigint'));
    const create = sql.find((s) => s.startsWith('CREATE TABLE')) ?? '';
    assert.match(create, /^CREATE TABLE "Sales-2024"\."Order ""Items""" \(/);
    assert.match(create, /"select" bigint DEFAULT nextval\('public\.seq'::regclass\) NOT NULL/);
    assert.match(create, /"Mixed Case" text GENERATED ALWAYS AS \(lower\("select"::text\)\) STORED/);
    assert.match(create, /"id" integer GENERATED ALWAYS AS IDENTITY NOT NULL/);
    assert.match(create, /CONSTRAINT "pk" PRIMARY KEY \("select"\)/);
    assert.match(create, /CONSTRAINT "c""k" CHECK \(\("select" > 0\)\)/);
    assert.ok(sql.includes('ALTER SEQUENCE "public"."seq" OWNED BY "Sales-2024"."Order ""Items"""."select"'));
    assert.ok(sql.some((s) => s === 'ALTER TABLE "Sales-2024"."Order ""Items""" ADD CONSTRAINT "fk" FOREIGN KEY ("id") REFERENCES "public"."p" ("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED'));
    assert.ok(!sql.some((s) => s.includes('INDEX bad') || s.includes('INDEX pk')));
  });
});
