import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { drawParameterSets } from '../../src/params/draw-parameter-sets.js';
import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';

let database: TestDatabase;
let client: pg.Client;
let model: SchemaModel;
const OPTIONS = { perClass: 3, heavyHitterValues: 2, limitValue: 20, offsetValue: 500, hints: {} };

before(async () => {
  await loadSqlParser();
  database = await createTestDatabase('st_draw');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // status: 'hot' on 90% of rows, 'warm' on 9%, then a long tail of rare values; region follows status.
  await client.query(`
    CREATE TABLE events (id int PRIMARY KEY, status text NOT NULL, region text NOT NULL, amount int NOT NULL, email text NOT NULL);
    INSERT INTO events SELECT g,
      CASE WHEN g % 100 < 90 THEN 'hot' WHEN g % 100 < 99 THEN 'warm' ELSE 'rare_' || g END,
      CASE WHEN g % 100 < 90 THEN 'north' ELSE 'south' END,
      g, 'User' || g || '@Example.com'
    FROM generate_series(1, 5000) g;`);
  model = await introspectSchema(client);
});

after(async () => {
  await client?.end();
  await database?.drop();
});

describe('drawParameterSets', () => {
  it('draws heavy hitters from the most frequent values and the tail from the rarest, with correlated columns from the same row', async () => {
    const shape = analyzeStatement('SELECT id FROM events WHERE status = $1 AND region = $2 LIMIT $3 OFFSET $4', model);
    const drawn = await drawParameterSets(client, shape, OPTIONS);
    assert.equal(drawn.heavy.length, 3);
    assert.deepEqual(drawn.heavy.map((s) => s.values[0]), ['hot', 'warm', 'hot']);
    assert.deepEqual(drawn.heavy.map((s) => s.values[1]), ['north', 'south', 'north']);
    for (const set of drawn.tail) {
      assert.match(String(set.values[0]), /^rare_\d+$/);
      assert.equal(set.values[1], 'south', 'the region of the same row');
    }
    for (const set of [...drawn.heavy, ...drawn.tail]) assert.deepEqual(set.values.slice(2), ['20', '500']);
    assert.deepEqual(drawn.empty[0]!.values.slice(0, 2), ['shadowtune-absent-value', 'shadowtune-absent-value']);
    const matches = await client.query('SELECT count(*)::int AS n FROM events WHERE status = $1 AND region = $2', drawn.empty[0]!.values.slice(0, 2) as string[]);
    assert.equal(matches.rows[0].n, 0);
  });

  it('draws range bounds as wide quantiles for heavy hitters and narrow ones for the tail', async () => {
    const shape = analyzeStatement('SELECT count(*) FROM events WHERE amount BETWEEN $1 AND $2', model);
    const drawn = await drawParameterSets(client, shape, OPTIONS);
    const width = (values: readonly (string | null)[]) => Number(values[1]) - Number(values[0]);
    assert.ok(width(drawn.heavy[0]!.values) > 4000);
    assert.ok(width(drawn.tail[0]!.values) < 10);
  });

  it('makes LIKE patterns from real values, wrapped expressions evaluated on the rows, and ANY arrays', async () => {
    const shape = analyzeStatement('SELECT id FROM events WHERE lower(email) = $1 AND email ILIKE $2 AND status = ANY($3)', model);
    const drawn = await drawParameterSets(client, shape, OPTIONS);
    const [lowered, pattern, array] = drawn.tail[0]!.values;
    assert.equal(lowered, String(lowered).toLowerCase());
    assert.match(String(pattern), /^%.+%$/);
    assert.match(String(array), /^\{".+"\}$/);
    const matches = await client.query('SELECT count(*)::int AS n FROM events WHERE lower(email) = $1 AND email ILIKE $2 AND status = ANY($3)', drawn.tail[0]!.values as string[]);
    assert.equal(matches.rows[0].n, 1, 'the tail set finds its row');
  });

  it('draws one empty set for a statement without placeholders', async () => {
    const drawn = await drawParameterSets(client, analyzeStatement('SELECT count(*) FROM events', model), OPTIONS);
    assert.deepEqual(drawn.heavy, [{ parameterClass: 'NONE', values: [] }]);
    assert.deepEqual(drawn.tail, []);
  });
});
