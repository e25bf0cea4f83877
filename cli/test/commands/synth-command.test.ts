import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../../test/support/postgres/test-database.js';

const SCHEMA = `
CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE);
CREATE TABLE books (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id int NOT NULL REFERENCES authors (id), title text NOT NULL, pages smallint CHECK (pages > 0));`;

interface Summary {
  schemaSync: string;
  seed: number;
  totalRows: number;
  tables: { table: string; rows: number; deep: boolean }[];
}

function summary(output: string): Summary {
  const line = output.split('\n').find((l) => l.startsWith('{"schemaVersion"'));
  assert.ok(line !== undefined, output);
  return JSON.parse(line) as Summary;
}

describe('shadowtune synth', { timeout: 120_000 }, () => {
  let dir: string;
  let target: TestDatabase;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shadowtune-synth-'));
    writeFileSync(join(dir, 'schema.sql'), SCHEMA);
    target = await createTestDatabase();
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await target.drop();
  });

  it('replicates a schema file into the target and fills it, printing a JSON summary', async () => {
    const run = spawnShadowtune(['synth', '--schema', join(dir, 'schema.sql'), '--target', target.url, '--rows', '3000', '--skew', '1.4', '--seed', '11', '--deep', 'books', '--thin-rows', '200']);
    assert.equal(await run.exited, 0, run.output());
    const result = summary(run.output());
    assert.equal(result.schemaSync, 'created');
    assert.equal(result.seed, 11);
    assert.deepEqual(result.tables.map((t) => [t.table, t.rows, t.deep]), [['authors', 200, false], ['books', 3000, true]]);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const skew = await client.query('SELECT max(n)::float8 / sum(n) AS share FROM (SELECT count(*) AS n FROM books GROUP BY author_id) x');
      assert.ok(skew.rows[0].share > 0.15, `fan-out top share ${skew.rows[0].share}`);
    } finally {
      await client.end();
    }
  });

  it('re-runs idempotently: the schema is kept and the same seed gives the same rows', async () => {
    const checksum = async () => {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        const r = await client.query(`SELECT md5(string_agg(b::text, ',' ORDER BY b.id)) AS sum FROM books b`);
        return r.rows[0].sum as string;
      } finally {
        await client.end();
      }
    };
    const before = await checksum();
    const run = spawnShadowtune(['synth', '--schema', join(dir, 'schema.sql'), '--target', target.url, '--rows', '3000', '--skew', '1.4', '--seed', '11', '--deep', 'books', '--thin-rows', '200', '--connections', '1']);
    assert.equal(await run.exited, 0, run.output());
    assert.equal(summary(run.output()).schemaSync, 'unchanged');
    assert.equal(await checksum(), before);
  });

  it('reads the schema (and statistics) from a live database URL', async () => {
    const source = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      await client.query(`${SCHEMA}; INSERT INTO authors SELECT g, 'a' || g, 'a' || g || '@x.org' FROM generate_series(1, 50) g; ANALYZE`);
      await client.end();
      const run = spawnShadowtune(['synth', '--schema', source.url, '--target', target.url, '--production-multiple', '2', '--rows', '10']);
      assert.equal(await run.exited, 0, run.output());
      const result = summary(run.output());
      // productionMultiple uses the source's row counts where it has them (authors: 50).
      assert.equal(result.tables.find((t) => t.table === 'authors')?.rows, 100);
    } finally {
      await source.drop();
    }
  });

  it('exits 2 on wrong usage and 3 when the target cannot be reached', async () => {
    const bad = spawnShadowtune(['synth', '--schema', join(dir, 'schema.sql'), '--target', 'mysql://x', '--rows', '5']);
    assert.equal(await bad.exited, 2);
    assert.match(bad.output(), /--target must be a postgres:\/\/ URL/);
    const rows = spawnShadowtune(['synth', '--schema', join(dir, 'schema.sql'), '--target', target.url, '--rows', 'many']);
    assert.equal(await rows.exited, 2);
    const unreachable = new URL(TEST_SERVER_URL);
    unreachable.port = '1';
    const down = spawnShadowtune(['synth', '--schema', join(dir, 'schema.sql'), '--target', unreachable.toString(), '--rows', '5']);
    assert.equal(await down.exited, 3, down.output());
  });
});
