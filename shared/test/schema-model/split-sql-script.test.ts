import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSqlScript, type SqlScriptItem } from '../../src/schema-model/split-sql-script.js';

type Statement = Extract<SqlScriptItem, { kind: 'statement' }>;

function statements(script: string): Statement[] {
  return splitSqlScript(script).filter((item): item is Statement => item.kind === 'statement');
}

function texts(script: string): string[] {
  return statements(script).map((s) => s.text);
}

describe('splitSqlScript', () => {
  it('splits on top-level semicolons and numbers statements with their first line', () => {
    const items = statements('CREATE TABLE a (x int);\n\n  -- comment; not a statement\nCREATE TABLE b (y int)\n  ;\nSELECT 1');
    assert.deepEqual(
      items.map(({ number, line, text }) => ({ number, line, text })),
      [
        { number: 1, line: 1, text: 'CREATE TABLE a (x int)' },
        { number: 2, line: 4, text: 'CREATE TABLE b (y int)\n  ' },
        { number: 3, line: 6, text: 'SELECT 1' },
      ],
    );
  });

  it('keeps semicolons inside strings, E-strings, identifiers, comments and parentheses', () => {
    const script = [
      "INSERT INTO t VALUES ('a;b', 'it''s;', E'esc\\';still', \"odd;name\")",
      'SELECT 1 /* block; /* nested; */ still comment; */ + 2',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)',
      "SELECT U&'d\\0061t;a', B'01', X'ff'",
      '',
    ].join(';\n');
    assert.deepEqual(texts(script), [
      "INSERT INTO t VALUES ('a;b', 'it''s;', E'esc\\';still', \"odd;name\")",
      'SELECT 1 /* block; /* nested; */ still comment; */ + 2',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)',
      "SELECT U&'d\\0061t;a', B'01', X'ff'",
    ]);
  });

  it('treats a backslash in an ordinary string as a plain character', () => {
    assert.deepEqual(texts("SELECT 'C:\\';SELECT 2;"), ["SELECT 'C:\\'", 'SELECT 2']);
  });

  it('keeps dollar-quoted bodies whole, with tags, nested other tags, $n parameters and $ inside identifiers', () => {
    const body = `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE $q$SELECT 1; SELECT $$x;$$$q$;
  RETURN 1;
END;
$fn$`;
    const script = `${body};\nPREPARE p AS SELECT $1::int;\nSELECT a$b FROM t$1;\nSELECT $$;$$;`;
    assert.deepEqual(texts(script), [body, 'PREPARE p AS SELECT $1::int', 'SELECT a$b FROM t$1', 'SELECT $$;$$']);
  });

  it('keeps a SQL-standard function body (BEGIN ATOMIC ... END with CASE) as one statement', () => {
    const fn = `CREATE OR REPLACE FUNCTION public.add_one(a integer) RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
     SELECT (a + 1);
     SELECT CASE WHEN (a > 0) THEN a ELSE 0 END AS "case";
    END`;
    const procedure = 'CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END';
    assert.deepEqual(texts(`${fn};\n${procedure};\nBEGIN;\nSELECT CASE WHEN true THEN 1 END;\nEND;`), [
      fn,
      procedure,
      'BEGIN',
      'SELECT CASE WHEN true THEN 1 END',
      'END',
    ]);
  });

  it('reports lines starting with a backslash as meta-commands, but not inside a dollar-quoted body', () => {
    const script = "\\connect shop\nSET x = 1;\n  \\restrict abc123\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\nSELECT '\n\\not a command'\n$$;\n\\unrestrict abc123\n";
    const items = splitSqlScript(script);
    assert.deepEqual(
      items.map((item) => (item.kind === 'meta-command' ? { meta: item.command, line: item.line } : { statement: item.number, line: item.line })),
      [
        { meta: '\\connect', line: 1 },
        { statement: 1, line: 2 },
        { meta: '\\restrict', line: 3 },
        { statement: 2, line: 4 },
        { meta: '\\unrestrict', line: 8 },
      ],
    );
    assert.match(texts(script)[1] ?? '', /\\not a command/);
  });

  it('consumes the inline rows of COPY ... FROM stdin up to \\. and keeps counting lines', () => {
    const script = "COPY public.t (a, b) FROM stdin;\n1\t'x;y'\n\\N\t$$\n\\.\nCREATE TABLE after_copy (x int);\n";
    const items = statements(script);
    assert.deepEqual(
      items.map(({ number, line, text, copyFromStdin }) => ({ number, line, text, copyFromStdin })),
      [
        { number: 1, line: 1, text: 'COPY public.t (a, b) FROM stdin', copyFromStdin: true },
        { number: 2, line: 5, text: 'CREATE TABLE after_copy (x int)', copyFromStdin: false },
      ],
    );
  });

  it('gives top-level tokens without values for classification', () => {
    const [statement] = statements(`ALTER TABLE ONLY public."Odd" OWNER TO "app role";`);
    assert.deepEqual(statement?.tokens, ['alter', 'table', 'only', 'public', '.', '"', 'owner', 'to', '"']);
    const [setConfig] = statements("SELECT pg_catalog.set_config('search_path', '', false);");
    assert.deepEqual(setConfig?.tokens, ['select', 'pg_catalog', '.', 'set_config', '(']);
  });

  it('ignores empty statements and returns a last statement without a semicolon', () => {
    assert.deepEqual(texts(';;  ;\n-- only a comment\n'), []);
    assert.deepEqual(texts('SELECT 1;;SELECT 2'), ['SELECT 1', 'SELECT 2']);
  });

  it('counts lines inside multi-line strings, comments and quoted identifiers', () => {
    const items = statements("SELECT 'a\nb', \"c\nd\" /* e\nf */;\nSELECT 2;");
    assert.deepEqual(
      items.map((s) => s.line),
      [1, 5],
    );
  });
});
