import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSchemaVersion } from '../../src/schema-model/compute-schema-version.js';
import type { ColumnModel, IndexModel, SchemaModel, TableModel } from '../../src/schema-model/schema-model.js';

function column(name: string, position: number, stats: ColumnModel['stats'] = null): ColumnModel {
  return {
    name,
    position,
    dataType: 'integer',
    typeName: 'int4',
    typeSchema: 'pg_catalog',
    typeCategory: 'N',
    isArray: false,
    nullable: true,
    defaultExpression: null,
    identity: null,
    generatedExpression: null,
    generatedStorage: null,
    maxLength: null,
    numericPrecision: null,
    numericScale: null,
    stats,
  };
}

const index: IndexModel = {
  name: 't_a_idx',
  method: 'btree',
  keyParts: [{ column: 'a', expression: null, descending: false, nullsFirst: false, operatorClass: 'int4_ops' }],
  include: [],
  unique: false,
  primary: false,
  predicate: null,
  valid: true,
  definition: 'CREATE INDEX t_a_idx ON public.t USING btree (a)',
  sizeBytes: 8192,
};

function tableModel(name: string, overrides: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    kind: 'table',
    columns: [column('a', 1), column('b', 2)],
    primaryKey: null,
    uniqueConstraints: [],
    checks: [],
    foreignKeys: [],
    indexes: [index],
    partitioning: null,
    stats: { rowEstimate: -1, pages: 0, totalBytes: 0 },
    ...overrides,
  };
}

function model(overrides: Partial<Omit<SchemaModel, 'version'>> = {}): Omit<SchemaModel, 'version'> {
  return { serverVersion: 150000, tables: [tableModel('t'), tableModel('u')], enums: [], domains: [], sequences: [], extensions: ['plpgsql'], ...overrides };
}

describe('computeSchemaVersion', () => {
  const base = computeSchemaVersion(model());

  it('is a sha256 hex digest, independent of list order, statistics, sizes, server version and column gaps', () => {
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(computeSchemaVersion(model({ tables: [tableModel('u'), tableModel('t')] })), base);
    assert.equal(computeSchemaVersion(model({ extensions: ['plpgsql'], serverVersion: 180000 })), base);
    const stats = { nullFraction: 0.5, nDistinct: -1, mostCommonFrequencies: [0.5], correlation: 1, averageWidth: 4 };
    assert.equal(
      computeSchemaVersion(
        model({
          tables: [
            tableModel('t', {
              stats: { rowEstimate: 10, pages: 3, totalBytes: 90000 },
              columns: [column('a', 1, stats), column('b', 7)],
              indexes: [{ ...index, sizeBytes: 1 << 20 }],
            }),
            tableModel('u'),
          ],
        }),
      ),
      base,
    );
  });

  it('changes with any structural difference', () => {
    const variants = [
      model({ tables: [tableModel('t'), tableModel('u', { columns: [column('a', 1)] })] }),
      model({ tables: [tableModel('t'), tableModel('u', { columns: [column('b', 1), column('a', 2)] })] }),
      model({ tables: [tableModel('t'), tableModel('u', { indexes: [] })] }),
      model({ tables: [tableModel('t'), tableModel('u', { indexes: [{ ...index, valid: false }] })] }),
      model({ tables: [tableModel('t'), tableModel('u', { primaryKey: ['a'] })] }),
      model({ tables: [tableModel('t'), tableModel('u', { kind: 'view' })] }),
      model({ enums: [{ schema: 'public', name: 'e', labels: ['x'] }] }),
      model({ extensions: ['plpgsql', 'pg_trgm'] }),
    ];
    const versions = variants.map((v) => computeSchemaVersion(v));
    for (const version of versions) assert.notEqual(version, base);
    assert.equal(new Set(versions).size, versions.length);
  });
});
