import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { BUILT_IN_PERSONAS } from '../../src/personas/built-in-personas.js';
import { personaDefinitionSchema, type PersonaDefinition } from '../../src/personas/persona-definition.js';
import { planPartitions, renderPersonaDdl } from '../../src/personas/render-persona-ddl.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';
import { minimalPersona } from './support/minimal-persona.js';

const NOW = new Date('2024-05-15T13:45:00Z'); // a Wednesday

function parse(input: unknown): PersonaDefinition {
  return personaDefinitionSchema.parse(input) as PersonaDefinition;
}

describe('renderPersonaDdl', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  it('renders quoted, ordered DDL for the minimal persona', () => {
    const { statements } = renderPersonaDdl(parse(minimalPersona()), { now: NOW, databaseName: 'todo_app' });
    assert.deepEqual(statements.slice(0, 4), [
      'CREATE SCHEMA IF NOT EXISTS "todo"',
      'ALTER DATABASE "todo_app" SET search_path = "todo", public',
      'SET LOCAL search_path = "todo", public',
      `CREATE TYPE "todo"."item_state" AS ENUM ('open', 'done')`,
    ]);
    assert.equal(
      statements[4],
      'CREATE TABLE "todo"."lists" (\n  "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n  "title" text NOT NULL,\n  "created_at" timestamptz NOT NULL DEFAULT now(),\n' +
        '  CONSTRAINT "lists_pkey" PRIMARY KEY ("id"),\n  CONSTRAINT "lists_title_length" CHECK (char_length("title") BETWEEN 1 AND 200)\n)',
    );
    assert.ok(statements.includes(`CREATE TABLE "todo"."items" (\n  "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n  "list_id" bigint NOT NULL,\n  "label" text NOT NULL,\n  "state" "todo"."item_state" NOT NULL DEFAULT 'open',\n  "due_on" date,\n  CONSTRAINT "items_pkey" PRIMARY KEY ("id")\n)`));
    assert.ok(statements.includes('ALTER TABLE "todo"."items" ADD CONSTRAINT "items_list_fk" FOREIGN KEY ("list_id") REFERENCES "todo"."lists" ("id") ON DELETE CASCADE'));
    assert.ok(statements.includes(`CREATE INDEX "items_list_idx" ON "todo"."items" USING btree ("list_id", "due_on" NULLS LAST) WHERE "state" = 'open'`));
    assert.ok(statements.includes(`COMMENT ON TABLE "todo"."items" IS 'Items of a list (it''s a test).'`));
  });

  it('plans daily, weekly and monthly partitions around the creation date (UTC)', () => {
    const table = (interval: 'day' | 'week' | 'month') => {
      const draft = minimalPersona();
      const [lists, items] = draft.initialSchema.tables;
      draft.initialSchema.tables = [{ ...lists!, primaryKey: ['id', 'created_at'], partitioning: { method: 'range', column: 'created_at', interval, precreatePast: 1, precreateFuture: 2 } }, items!];
      return parse(draft).initialSchema.tables[0]!;
    };
    assert.deepEqual(planPartitions(table('day'), NOW), [
      { table: 'lists', name: 'lists_p20240514', from: '2024-05-14', to: '2024-05-15' },
      { table: 'lists', name: 'lists_p20240515', from: '2024-05-15', to: '2024-05-16' },
      { table: 'lists', name: 'lists_p20240516', from: '2024-05-16', to: '2024-05-17' },
    ]);
    assert.deepEqual(planPartitions(table('week'), NOW).map((p) => [p.from, p.to]), [
      ['2024-05-06', '2024-05-13'],
      ['2024-05-13', '2024-05-20'],
      ['2024-05-20', '2024-05-27'],
    ]);
    assert.deepEqual(planPartitions(table('month'), new Date('2024-01-31T23:00:00Z')).map((p) => [p.from, p.to]), [
      ['2023-12-01', '2024-01-01'],
      ['2024-01-01', '2024-02-01'],
      ['2024-02-01', '2024-03-01'],
    ]);
  });

  it('keeps hostile values inside literals, and the DDL runs', async () => {
    const draft = minimalPersona();
    draft.initialSchema.tables[0]!.checks!.push({ name: 'lists_title_safe', condition: { kind: 'matches', column: 'title', pattern: "^[^']*'); DROP TABLE lists; --" } });
    draft.initialSchema.tables[0]!.description = "Robert'); DROP TABLE lists; --";
    const { statements } = renderPersonaDdl(parse(draft), { now: NOW });
    assert.ok(statements.includes(`COMMENT ON TABLE "todo"."lists" IS 'Robert''); DROP TABLE lists; --'`));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      for (const statement of statements) await client.query(statement);
      const comment = await client.query(`SELECT obj_description('todo.lists'::regclass, 'pg_class') AS comment`);
      assert.equal(comment.rows[0].comment, "Robert'); DROP TABLE lists; --");
      const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'todo'`);
      assert.equal(tables.rows[0].n, 2);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });

  it('runs every built-in template in one transaction, with the indexes and partitions it declares', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const persona of BUILT_IN_PERSONAS) {
        const ddl = renderPersonaDdl(persona, { now: new Date() });
        await client.query('BEGIN');
        for (const statement of ddl.statements) await client.query(statement);
        const indexes = await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [persona.initialSchema.schemaName]);
        const names = new Set(indexes.rows.map((r) => r.indexname));
        for (const index of persona.indexingStrategy.indexes) {
          const partitioned = persona.initialSchema.tables.find((t) => t.name === index.table)?.partitioning;
          const present = partitioned
            ? (await client.query(`SELECT 1 FROM pg_class WHERE relname = $1 AND relkind = 'I'`, [index.name])).rowCount === 1
            : names.has(index.name);
          assert.ok(present, `${persona.personaId}: index ${index.name} missing`);
        }
        const partitions = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
          [persona.initialSchema.schemaName],
        );
        assert.equal(partitions.rows[0]!.n, ddl.partitions.length, `${persona.personaId}: partitions`);
        await client.query('ROLLBACK');
      }
    } finally {
      await client.end();
    }
  });
});
