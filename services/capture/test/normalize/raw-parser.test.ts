import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadModule, parseSync } from 'libpg-query';
import { RawParser } from '../../src/normalize/raw-parser.js';
import { decodeAll } from '../support/decode-all.js';
import { fixture } from '../support/fixture.js';
import { interpretLogRecord } from '../../src/log/interpret-log-record.js';

/** Relations the way libpg-query's own parse tree shows them (RangeVar nodes, CTE names excluded). */
function relationsOf(tree: unknown): string[] {
  const relations: string[] = [];
  const ctes = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const object = node as Record<string, unknown>;
    if (typeof object.ctename === 'string') ctes.add(object.ctename);
    if (typeof object.relname === 'string') {
      const parts = [object.catalogname, object.schemaname, object.relname].filter((part): part is string => typeof part === 'string');
      relations.push(parts.join('.'));
    }
    Object.values(object).forEach(visit);
  };
  visit(tree);
  return [...new Set(relations.filter((relation) => relation.includes('.') || !ctes.has(relation)))].sort();
}

describe('RawParser', () => {
  let parser: RawParser;
  before(async () => {
    await loadModule();
    parser = await RawParser.load();
  });

  it('reads the same relations and statement kinds as libpg-query\'s parseSync, on every statement of the real logs', () => {
    const statements = new Set<string>();
    for (const name of ['pg18-default.jsonl', 'pg15-session-prefix.jsonl']) {
      for (const entry of decodeAll('jsonlog', fixture(name))) {
        if (entry.kind !== 'record') continue;
        const interpretation = interpretLogRecord(entry.record, { autoExplainCountsCalls: false, now: Date.now });
        if (interpretation.kind === 'statement') statements.add(interpretation.observation.statement);
      }
    }
    statements.add('WITH x AS (SELECT 1) SELECT * FROM x, "My ""Schema"""."Tä\\ble" t, cat.s.r');
    assert.ok(statements.size > 15);
    for (const sql of statements) {
      const facts = parser.parse(sql);
      assert.ok(facts, sql);
      assert.deepEqual([...facts.relations].sort(), relationsOf(parseSync(sql)), sql);
      const firstNode = Object.keys((parseSync(sql) as { stmts: Array<{ stmt: object }> }).stmts[0]!.stmt)[0];
      assert.equal(facts.statementKind, { SelectStmt: 'SELECT', InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE' }[firstNode ?? ''] ?? facts.statementKind, sql);
    }
  });

  it('returns null for what the grammar rejects, and keeps working after it', () => {
    assert.equal(parser.parse("SELEC * FROM t WHERE a = 'x'"), null);
    assert.deepEqual(parser.parse('SELECT * FROM s.t')?.relations, ['s.t']);
  });

  it('parses statements larger than its input buffer and the WASM memory it started with', () => {
    const wide = `SELECT ${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(', ')} FROM big.t WHERE id IN (${Array.from({ length: 20_000 }, (_, i) => i).join(',')})`;
    const facts = parser.parse(wide);
    assert.deepEqual(facts?.relations, ['big.t']);
    assert.equal(facts?.statementKind, 'SELECT');
    assert.equal(parser.parse('SELECT 1')?.statementKind, 'SELECT');
  });

  it('hashes structure: equal across constants, list lengths and VALUES rows; different across structure', () => {
    const hash = (sql: string): string => parser.parse(sql)?.structureHash ?? 'rejected';
    assert.equal(hash("SELECT * FROM t WHERE a IN (1, 2) AND b = 'x'"), hash("SELECT * FROM t WHERE a IN (3) AND b = 'yy'"));
    assert.equal(hash("INSERT INTO t VALUES (1, 'a')"), hash("INSERT INTO t VALUES (2, 'b'), (3, 'c'), (4, 'd')"));
    assert.equal(hash("SELECT '1'::int"), hash("SELECT '2'::int"));
    assert.notEqual(hash('SELECT * FROM t WHERE a IS NULL'), hash('SELECT * FROM t WHERE a = 1'));
    assert.notEqual(hash('INSERT INTO t VALUES (1, now())'), hash('INSERT INTO t VALUES (1, now()), (2, 3)'));
    assert.notEqual(hash('SELECT a FROM t'), hash('SELECT a FROM t -- x\n; SELECT b FROM t'));
    assert.match(hash('SELECT 1'), /^[0-9a-f]{16}$/);
  });
});
