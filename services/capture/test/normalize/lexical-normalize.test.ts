import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lexicalNormalize } from '../../src/normalize/lexical-normalize.js';

describe('lexicalNormalize', () => {
  it('replaces every kind of literal by a numbered placeholder and keeps the literals apart', () => {
    const sql = "SELECT $tag$ it's $tag$, $$x$$, 1.5e10, .5, 0x1F, 1_000, B'101', X'ff', U&'d\\0061t', E'a\\'b', N'n', 'O''Brien'";
    const result = lexicalNormalize(sql);
    assert.equal(result.normalizedSql, 'SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12');
    assert.deepEqual(result.literals, ["$tag$ it's $tag$", '$$x$$', '1.5e10', '.5', '0x1F', '1_000', "B'101'", "X'ff'", "U&'d\\0061t'", "E'a\\'b'", "N'n'", "'O''Brien'"]);
    assert.deepEqual(result.literalPositions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(result.placeholderCount, 12);
  });

  it('removes comments, keeps their bodies apart, collapses whitespace and drops the final semicolon', () => {
    const result = lexicalNormalize("  SELECT *\n\tFROM users  -- who\nWHERE id = 1 /* nested /* x */ y */ /*controller='users'*/ ;");
    assert.equal(result.normalizedSql, 'SELECT * FROM users WHERE id = $1');
    assert.deepEqual(result.comments, [' who', ' nested /* x */ y ', "controller='users'"]);
  });

  it('collapses IN and ARRAY lists of constants to one placeholder that all their values feed', () => {
    const result = lexicalNormalize("SELECT * FROM t WHERE id IN (1, 2, 3) AND tag = ANY(ARRAY['a','b']) AND x = 'z'");
    assert.equal(result.normalizedSql, 'SELECT * FROM t WHERE id IN ($1) AND tag = ANY(ARRAY[$2]) AND x = $3');
    assert.deepEqual(result.literalPositions, [1, 1, 1, 2, 2, 3]);
  });

  it('gives IN lists of different lengths the same text', () => {
    const a = lexicalNormalize('SELECT * FROM t WHERE id IN (1,2) AND b = 3');
    const b = lexicalNormalize('SELECT * FROM t WHERE id IN (4,5,6,7,8) AND b = 9');
    assert.equal(a.normalizedSql, b.normalizedSql);
  });

  it('keeps lists that are not plain constants (subqueries, expressions, tuples)', () => {
    assert.equal(lexicalNormalize('SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1)').normalizedSql, 'SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = $1)');
    assert.equal(lexicalNormalize('SELECT * FROM t WHERE id IN (1 + 2, 3)').normalizedSql, 'SELECT * FROM t WHERE id IN ($1 + $2, $3)');
    assert.equal(lexicalNormalize('SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))').normalizedSql, 'SELECT * FROM t WHERE (a, b) IN (($1, $2), ($3, $4))');
  });

  it('collapses casts and signs inside a list', () => {
    const result = lexicalNormalize("SELECT * FROM t WHERE d IN ('2024-01-01'::date, '2024-01-02'::date) AND n IN (-1, +2)");
    assert.equal(result.normalizedSql, 'SELECT * FROM t WHERE d IN ($1::date) AND n IN (-$2)');
  });

  it('collapses repeated VALUES rows, column by column', () => {
    const result = lexicalNormalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z') ON CONFLICT DO NOTHING");
    assert.equal(result.normalizedSql, 'INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING');
    assert.deepEqual(result.literalPositions, [1, 2, 1, 2, 1, 2]);
  });

  it('maps bind parameters of repeated rows onto the first row', () => {
    const result = lexicalNormalize('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)');
    assert.equal(result.normalizedSql, 'INSERT INTO t (a, b) VALUES ($1, $2)');
    assert.deepEqual(result.parameterPositions.slice(1), [1, 2, 1, 2]);
  });

  it('stops collapsing VALUES rows at the first row of another shape', () => {
    const result = lexicalNormalize('INSERT INTO t VALUES (1, now()), (2, now()), (3, 4)');
    assert.equal(result.normalizedSql, 'INSERT INTO t VALUES ($1, now()), ($2, $3)');
  });

  it('renumbers bind parameters in order of first appearance and reuses a repeated one', () => {
    const result = lexicalNormalize('SELECT * FROM t WHERE a = $2 AND b = $1 AND c = $2 AND d IN ($3, $4, $5) AND e = 7');
    assert.equal(result.normalizedSql, 'SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1 AND d IN ($3) AND e = $4');
    assert.deepEqual(result.parameterPositions.slice(1), [2, 1, 3, 3, 3]);
    assert.deepEqual(result.literalPositions, [4]);
  });

  it('treats TRUE/FALSE as constants except in IS [NOT] TRUE tests', () => {
    const result = lexicalNormalize('SELECT a IS TRUE, b IS NOT FALSE FROM t WHERE flag = true OR other = FALSE');
    assert.equal(result.normalizedSql, 'SELECT a IS TRUE, b IS NOT FALSE FROM t WHERE flag = $1 OR other = $2');
  });

  it('keeps identifiers, including quoted ones and ones with digits and dollars', () => {
    const result = lexicalNormalize('SELECT "Weird ""name""", t1.c2, a$1 FROM s.t t1 WHERE t1.x = -5');
    assert.equal(result.normalizedSql, 'SELECT "Weird ""name""", t1.c2, a$1 FROM s.t t1 WHERE t1.x = -$1');
  });

  it('treats SQL-standard string continuation as one literal', () => {
    const result = lexicalNormalize("SELECT 'a'\n  'b', 'c' 'd'");
    assert.deepEqual(result.literals, ["'a'\n  'b'", "'c'", "'d'"]);
  });

  it('flags text that ends inside a literal or comment and still hides the rest', () => {
    const string = lexicalNormalize("SELECT * FROM t WHERE email = 'cut off@exam");
    assert.equal(string.normalizedSql, 'SELECT * FROM t WHERE email = $1');
    assert.equal(string.unterminated, true);
    assert.equal(lexicalNormalize('SELECT $a$ secret').normalizedSql, 'SELECT $1');
    assert.equal(lexicalNormalize('SELECT 1 /* secret').unterminated, true);
    assert.equal(lexicalNormalize('SELECT 1').unterminated, false);
  });

  it('never lets a literal through, whatever quotes, unicode and escapes it holds', () => {
    const literals = ["'Zoë ''Ångström'' 漢字 😀'", "E'a\\'b\\\\c'", '$q$ it\'s "dollar" $$ quoted $q$', "'{\"email\": \"x@y.z\"}'", "'2024-02-29 13:45:00+00'", '123456789012345678'];
    for (const literal of literals) {
      const result = lexicalNormalize(`UPDATE t SET v = ${literal} WHERE k = ${literal} -- ${literal}\n`);
      assert.equal(result.normalizedSql, 'UPDATE t SET v = $1 WHERE k = $2', literal);
    }
  });
});
