import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadModule } from 'libpg-query';
import { lexicalNormalize } from '../../src/normalize/lexical-normalize.js';
import { StatementFingerprinter } from '../../src/normalize/statement-fingerprinter.js';

function fingerprintOf(fingerprinter: StatementFingerprinter, sql: string): string {
  return fingerprinter.structureOf(lexicalNormalize(sql), sql).fingerprint;
}

// Pairs that differ only in constants (and in what is not structure: comments, whitespace, list lengths).
const SAME: ReadonlyArray<readonly [string, string]> = [
  ["SELECT * FROM users WHERE email = 'a@b.c'", "SELECT * FROM users WHERE email = 'zoë@ex.org'"],
  ['SELECT * FROM users WHERE id IN (1, 2, 3)', 'SELECT * FROM users WHERE id IN (4, 5, 6, 7, 8, 9)'],
  ["INSERT INTO t (a, b) VALUES (1, 'x')", "INSERT INTO t (a, b) VALUES (2, 'y'), (3, 'z')"],
  ['SELECT * FROM t WHERE a = 1 LIMIT 10', 'SELECT * FROM t WHERE a = 99 LIMIT 20'],
  ["SELECT * FROM t WHERE d > '2024-01-01'::date", "SELECT * FROM t WHERE d > '1999-12-31'::date"],
  ["SELECT * FROM t WHERE j @> '{\"a\": 1}'", "SELECT * FROM t WHERE j @> '{\"b\": [2, 3]}'"],
  ['SELECT $$one$$ AS x', 'SELECT $t$two$t$ AS x'],
  ["SELECT * FROM t WHERE a = 1 /*controller='users'*/", 'SELECT *\n  FROM t\n WHERE a = 2 -- other comment'],
  ['SELECT * FROM t WHERE flag = true', 'SELECT * FROM t WHERE flag = false'],
  ['SELECT * FROM t WHERE id = $1', 'SELECT * FROM t WHERE id = 42'],
  ['UPDATE accounts SET balance = balance - 10.5 WHERE id = 7', 'UPDATE accounts SET balance = balance - 3 WHERE id = 8'],
];

// Pairs that differ in structure, schema or table.
const DIFFERENT: ReadonlyArray<readonly [string, string]> = [
  ['SELECT * FROM public.users WHERE id = 1', 'SELECT * FROM audit.users WHERE id = 1'],
  ['SELECT * FROM users WHERE id = 1', 'SELECT * FROM audit.users WHERE id = 1'],
  ['SELECT * FROM users WHERE id = 1', 'SELECT * FROM customers WHERE id = 1'],
  ['SELECT * FROM users u JOIN s1.orders o ON o.uid = u.id', 'SELECT * FROM users u JOIN s2.orders o ON o.uid = u.id'],
  ['SELECT id FROM users WHERE id = 1', 'SELECT email FROM users WHERE id = 1'],
  ['SELECT * FROM users WHERE id = 1', 'SELECT * FROM users WHERE id > 1'],
  ['SELECT * FROM users WHERE id = 1', 'SELECT * FROM users WHERE id = ANY($1)'],
  ['SELECT * FROM users WHERE id = 1', 'SELECT * FROM users WHERE id IS DISTINCT FROM 1'],
  ['SELECT * FROM users LIMIT 1', 'SELECT * FROM users OFFSET 1'],
  ['SELECT * FROM users WHERE a = 1 AND b = 2', 'SELECT * FROM users WHERE a = 1 OR b = 2'],
  ['SELECT * FROM users ORDER BY id ASC', 'SELECT * FROM users ORDER BY id DESC'],
  ['SELECT * FROM users JOIN orders ON true', 'SELECT * FROM users LEFT JOIN orders ON true'],
  ['DELETE FROM users WHERE id = 1', 'SELECT * FROM users WHERE id = 1'],
  ['SELECT * FROM t WHERE a IN (1, 2)', 'SELECT * FROM t WHERE a NOT IN (1, 2)'],
];

describe('StatementFingerprinter', () => {
  before(async () => {
    await loadModule();
  });

  it('gives statements that differ only in constants the same fingerprint', () => {
    const fingerprinter = new StatementFingerprinter(1_000);
    for (const [a, b] of SAME) assert.equal(fingerprintOf(fingerprinter, a), fingerprintOf(fingerprinter, b), `${a}  ≠  ${b}`);
  });

  it('gives statements with another structure, schema or table another fingerprint', () => {
    const fingerprinter = new StatementFingerprinter(1_000);
    for (const [a, b] of DIFFERENT) assert.notEqual(fingerprintOf(fingerprinter, a), fingerprintOf(fingerprinter, b), `${a}  =  ${b}`);
  });

  it('agrees with itself whether or not the cache answers', () => {
    const cached = new StatementFingerprinter(10_000);
    for (const [a, b] of [...SAME, ...DIFFERENT]) {
      for (const sql of [a, b]) {
        const fresh = new StatementFingerprinter(100);
        assert.equal(fingerprintOf(cached, sql), fingerprintOf(fresh, sql));
        assert.equal(fingerprintOf(cached, sql), fingerprintOf(cached, sql));
      }
    }
    assert.ok(cached.stats.hits > 0);
  });

  it('parses through the grammar: kind and schema-qualified relations, without CTE names', () => {
    const fingerprinter = new StatementFingerprinter(100);
    const sql = 'WITH recent AS (SELECT * FROM audit.events WHERE at > now()) INSERT INTO public.archive SELECT * FROM recent JOIN users USING (id)';
    const structure = fingerprinter.structureOf(lexicalNormalize(sql), sql);
    assert.equal(structure.parsed, true);
    assert.equal(structure.statementKind, 'INSERT');
    assert.deepEqual([...structure.relations].sort(), ['audit.events', 'public.archive', 'users']);
    assert.match(structure.fingerprint, /^[0-9a-f]{16}$/);
  });

  it('falls back to a lexical fingerprint for what the grammar rejects, stable across constants', () => {
    const fingerprinter = new StatementFingerprinter(100);
    const a = "SELEC * FROM users WHERE email = 'a@b.c'";
    const b = "SELEC * FROM users WHERE email = 'x@y.z'";
    const structure = fingerprinter.structureOf(lexicalNormalize(a), a);
    assert.equal(structure.parsed, false);
    assert.equal(structure.statementKind, 'OTHER');
    assert.deepEqual(structure.relations, []);
    assert.equal(structure.fingerprint, fingerprintOf(fingerprinter, b));
    assert.notEqual(structure.fingerprint, fingerprintOf(fingerprinter, "SELECT * FROM users WHERE email = 'a@b.c'"));
  });

  it('does not let a cut-off statement decide the cache entry of its complete form', () => {
    const fingerprinter = new StatementFingerprinter(100);
    const cut = "SELECT * FROM users WHERE email = 'cut";
    const whole = "SELECT * FROM users WHERE email = 'whole'";
    assert.equal(fingerprinter.structureOf(lexicalNormalize(cut), cut).parsed, false);
    assert.equal(fingerprinter.structureOf(lexicalNormalize(whole), whole).parsed, true);
  });

  it('maps statement kinds', () => {
    const fingerprinter = new StatementFingerprinter(100);
    const kinds: Record<string, string> = {
      'SELECT 1': 'SELECT',
      'UPDATE t SET a = 1': 'UPDATE',
      'DELETE FROM t': 'DELETE',
      'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE': 'MERGE',
      'CREATE INDEX i ON t (a)': 'DDL',
      'ALTER TABLE t ADD COLUMN b int': 'DDL',
      'BEGIN': 'UTILITY',
      "SET statement_timeout = '5s'": 'UTILITY',
      'VACUUM t': 'UTILITY',
    };
    for (const [sql, kind] of Object.entries(kinds)) assert.equal(fingerprinter.structureOf(lexicalNormalize(sql), sql).statementKind, kind, sql);
  });
});
