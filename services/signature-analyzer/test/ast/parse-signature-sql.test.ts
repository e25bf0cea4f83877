import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { parseSignatureSql } from '../../src/ast/parse-signature-sql.js';

before(() => loadSqlParser());

test('SELECT, UPDATE and DELETE are tuned', () => {
  assert.equal(parseSignatureSql('SELECT 1').ok, true);
  const update = parseSignatureSql('UPDATE t SET a = $1 WHERE b = $2');
  assert.ok(update.ok && update.kind === 'UPDATE');
  const del = parseSignatureSql('DELETE FROM t WHERE b = $1');
  assert.ok(del.ok && del.kind === 'DELETE');
});

test('everything else gets a reason, never an exception', () => {
  const cases: [string, string][] = [
    ['SELEC 1 FRM', 'NOT_PARSABLE'],
    ["SELECT 'unterminated", 'NOT_PARSABLE'],
    ['', 'NOT_A_QUERY'],
    ['BEGIN', 'NOT_A_QUERY'],
    ['SET search_path = public', 'NOT_A_QUERY'],
    ['CREATE INDEX i ON t (a)', 'NOT_A_QUERY'],
    ['INSERT INTO t VALUES ($1)', 'UNSUPPORTED_STATEMENT'],
    ['COPY t FROM STDIN', 'UNSUPPORTED_STATEMENT'],
    ['SELECT 1; SELECT 2', 'UNSUPPORTED_STATEMENT'],
    ['SELECT * INTO t2 FROM t', 'UNSUPPORTED_STATEMENT'],
  ];
  for (const [sql, reason] of cases) {
    const parsed = parseSignatureSql(sql);
    assert.ok(!parsed.ok, sql);
    assert.equal(parsed.reason, reason, sql);
    assert.ok(!parsed.detail.includes(sql) || sql.length < 6, 'the detail does not quote the statement');
  }
});
