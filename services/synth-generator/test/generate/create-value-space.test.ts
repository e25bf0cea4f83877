import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { collectColumnConstraints, NO_CONSTRAINTS } from '../../src/generate/column-constraints.js';
import { createValueSpace } from '../../src/generate/create-value-space.js';
import { escapeCopyText } from '../../src/generate/escape-copy-text.js';
import type { ResolvedType } from '../../src/schema/resolved-type.js';
import { parseCheckExpression } from '../../src/schema/parse-check-expression.js';

const span = { endMs: Date.UTC(2025, 0, 1), spanMs: 365 * 86_400_000, growth: 3 };

function type(typeName: string, category: string, extra: Partial<ResolvedType> = {}): ResolvedType {
  return { typeName, category, isArray: false, maxLength: null, precision: null, scale: null, enumLabels: null, domainChecks: [], domainNotNull: false, ...extra };
}

const CASES: readonly { sqlType: string; type: ResolvedType }[] = [
  { sqlType: 'smallint', type: type('int2', 'N') },
  { sqlType: 'integer', type: type('int4', 'N') },
  { sqlType: 'bigint', type: type('int8', 'N') },
  { sqlType: 'numeric(8,3)', type: type('numeric', 'N', { precision: 8, scale: 3 }) },
  { sqlType: 'numeric', type: type('numeric', 'N') },
  { sqlType: 'real', type: type('float4', 'N') },
  { sqlType: 'double precision', type: type('float8', 'N') },
  { sqlType: 'money', type: type('money', 'N') },
  { sqlType: 'text', type: type('text', 'S') },
  { sqlType: 'varchar(5)', type: type('varchar', 'S', { maxLength: 5 }) },
  { sqlType: 'varchar(30)', type: type('varchar', 'S', { maxLength: 30 }) },
  { sqlType: 'char(3)', type: type('bpchar', 'S', { maxLength: 3 }) },
  { sqlType: 'uuid', type: type('uuid', 'U') },
  { sqlType: 'boolean', type: type('bool', 'B') },
  { sqlType: 'date', type: type('date', 'D') },
  { sqlType: 'timestamp', type: type('timestamp', 'D') },
  { sqlType: 'timestamptz', type: type('timestamptz', 'D') },
  { sqlType: 'time', type: type('time', 'D') },
  { sqlType: 'timetz', type: type('timetz', 'D') },
  { sqlType: 'interval', type: type('interval', 'T') },
  { sqlType: 'json', type: type('json', 'U') },
  { sqlType: 'jsonb', type: type('jsonb', 'U') },
  { sqlType: 'bytea', type: type('bytea', 'U') },
  { sqlType: 'inet', type: type('inet', 'I') },
  { sqlType: 'cidr', type: type('cidr', 'I') },
  { sqlType: 'macaddr', type: type('macaddr', 'U') },
  { sqlType: 'text[]', type: type('text', 'S', { isArray: true }) },
  { sqlType: 'integer[]', type: type('int4', 'N', { isArray: true }) },
  { sqlType: 'point', type: type('point', 'G') },
  { sqlType: 'int4range', type: type('int4range', 'R') },
  { sqlType: 'tsvector', type: type('tsvector', 'U') },
  { sqlType: 'bit(8)', type: type('bit', 'V', { maxLength: 8 }) },
];

describe('createValueSpace', () => {
  let db: TestDatabase;
  let client: pg.Client;
  before(async () => {
    await loadSqlParser();
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await db.drop();
  });

  for (const { sqlType, type: t } of CASES) {
    it(`${sqlType}: values are valid input and distinct k give distinct values`, async () => {
      const space = createValueSpace(t, NO_CONSTRAINTS, { seed: 1, table: 'people', column: 'value', span });
      assert.ok(space !== null && space.capacity > 0);
      const ks = [0, 1, 2, 3, 35, 36, 1295, 1296, 99_999].filter((k) => k < space.capacity);
      const texts = ks.map((k) => space.encode(k));
      // The server parses each value with the column's type and compares them as that type.
      const comparable = ['json', 'point'].includes(t.typeName) ? 'v::text' : 'v';
      const result = await client.query(
        `SELECT count(DISTINCT ${comparable})::int AS n, count(*)::int AS total FROM unnest($1::text[]) AS x, LATERAL (SELECT x::${sqlType} AS v) AS typed`,
        [texts],
      );
      assert.equal(result.rows[0].total, ks.length);
      assert.equal(result.rows[0].n, ks.length, `${sqlType}: ${texts.join(' | ')}`);
    });
  }

  it('keeps CHECK ranges, exclusions and IN-lists', async () => {
    const rules = parseCheckExpression("CHECK (((score >= 10) AND (score < 20) AND (score <> ALL (ARRAY[12, 15]))))").rules;
    const space = createValueSpace(type('int4', 'N'), collectColumnConstraints(rules, 'score'), { seed: 1, table: 't', column: 'score', span });
    assert.equal(space?.capacity, 8);
    assert.deepEqual(Array.from({ length: 8 }, (_, k) => space?.encode(k)), ['10', '11', '13', '14', '16', '17', '18', '19']);
    const list = createValueSpace(type('text', 'S'), collectColumnConstraints(parseCheckExpression("CHECK ((c = ANY (ARRAY['x'::text, 'y'::text])))").rules, 'c'), { seed: 1, table: 't', column: 'c', span });
    assert.deepEqual([list?.capacity, list?.encode(0), list?.encode(1)], [2, 'x', 'y']);
    const decimal = createValueSpace(type('numeric', 'N', { precision: 6, scale: 2 }), collectColumnConstraints(parseCheckExpression('CHECK ((p > 0.1))').rules, 'p'), { seed: 1, table: 't', column: 'p', span });
    assert.equal(decimal?.encode(0), '0.11');
    assert.equal(decimal?.capacity, 999_999 - 11 + 1);
  });

  it('keeps text within length limits and realistic for named columns', () => {
    const short = createValueSpace(type('varchar', 'S', { maxLength: 4 }), collectColumnConstraints(parseCheckExpression('CHECK ((length((c)::text) >= 2))').rules, 'c'), { seed: 1, table: 't', column: 'c', span });
    for (const k of [0, 5, 36, 1_679_615]) {
      const v = short?.encode(k) ?? '';
      assert.ok(v.length >= 2 && v.length <= 4, v);
    }
    const email = createValueSpace(type('varchar', 'S', { maxLength: 40 }), NO_CONSTRAINTS, { seed: 1, table: 'users', column: 'email', span });
    const values = Array.from({ length: 5_000 }, (_, k) => email?.encode(k) ?? '');
    for (const v of values) {
      assert.match(v, /^[^@\s]+@[^@\s]+$/);
      assert.ok(v.length <= 40);
    }
    assert.equal(new Set(values.map((v) => v.toLowerCase())).size, values.length);
  });
});

describe('escapeCopyText', () => {
  it('escapes backslash, tab, newline and carriage return only', () => {
    assert.equal(escapeCopyText('plain'), 'plain');
    assert.equal(escapeCopyText('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
  });
});
