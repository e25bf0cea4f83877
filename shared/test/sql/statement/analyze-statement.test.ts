import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ShadowtuneError } from '../../../src/errors/shadowtune-error.js';
import { loadSqlParser } from '../../../src/sql/parse-statement.js';
import { analyzeStatement } from '../../../src/sql/statement/analyze-statement.js';

before(async () => {
  await loadSqlParser();
});

describe('analyzeStatement', () => {
  it('reads equality, range, LIKE, IN, ANY, BETWEEN and NULL tests with their placeholders', () => {
    const shape = analyzeStatement(
      'SELECT o.id FROM orders o WHERE o.status = $1 AND o.created_at >= $2 AND o.total BETWEEN $3 AND $4 AND o.note ILIKE $5 AND o.kind IN ($6) AND o.tag = ANY($7) AND o.deleted_at IS NULL ORDER BY o.created_at DESC LIMIT $8 OFFSET $9',
      null,
    );
    assert.equal(shape.kind, 'SELECT');
    const summary = shape.predicates.map((p) => `${p.target.kind === 'column' ? p.target.column : p.target.sql} ${p.operator} ${p.kind} [${p.params.join(',')}]`);
    assert.deepEqual(summary, [
      'status = equality [1]',
      'created_at >= range [2]',
      'total BETWEEN range [3,4]',
      'note ILIKE like [5]',
      'kind IN equality [6]',
      'tag ANY equality [7]',
      'deleted_at IS NULL null-test []',
    ]);
    assert.deepEqual(
      shape.parameters.map((p) => `${p.position}:${p.role}:${p.bound ?? ''}`),
      ['1:compare:', '2:compare:', '3:compare:low', '4:compare:high', '5:like:', '6:compare:', '7:array:', '8:limit:', '9:offset:'],
    );
    assert.equal(shape.sort.length, 1);
    assert.equal(shape.sort[0]!.descending, true);
    assert.ok(shape.hasLimit && shape.hasOffset);
  });

  it('flips a comparison written the other way round', () => {
    const shape = analyzeStatement('SELECT 1 FROM t WHERE $1 < t.a', null);
    assert.equal(shape.predicates[0]!.operator, '>');
  });

  it('reads join conditions on both sides and resolves aliases', () => {
    const shape = analyzeStatement('SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1', null);
    assert.deepEqual(shape.tables.map((t) => `${t.id}=${t.name}`), ['0:o=orders', '0:c=customers']);
    const joins = shape.predicates.filter((p) => p.kind === 'join');
    assert.deepEqual(joins.map((p) => `${p.target.tableId}.${p.target.kind === 'column' ? p.target.column : ''}=${p.other!.tableId}.${p.other!.column}`), ['0:c.id=0:o.customer_id', '0:o.customer_id=0:c.id']);
    assert.deepEqual([...shape.referencedColumns.get('0:c')!].sort(), ['email', 'id']);
  });

  it('rebuilds a wrapped column as an expression with quoted identifiers, never copying the text', () => {
    const shape = analyzeStatement('SELECT id FROM users WHERE lower(email) = $1 AND created_at::date = $2', null);
    const [lower, cast] = shape.predicates;
    assert.equal(lower!.target.kind, 'expression');
    assert.equal(lower!.target.kind === 'expression' && lower!.target.sql, '"lower"("email")');
    assert.equal(cast!.target.kind === 'expression' && cast!.target.sql, 'CAST("created_at" AS "date")');
    assert.equal(cast!.target.kind === 'expression' && cast!.target.wrapper, '::date');
  });

  it('keeps OR arms apart and marks them as non-conjuncts', () => {
    const shape = analyzeStatement('SELECT * FROM t WHERE t.a = $1 OR t.b = $2', null);
    assert.equal(shape.orGroups.length, 1);
    assert.equal(shape.orGroups[0]!.arms.length, 2);
    assert.ok(shape.predicates.every((p) => !p.conjunct));
    assert.ok(shape.starTables.has('0:t'));
  });

  it('gives subqueries their own level and resolves correlated references outwards', () => {
    const shape = analyzeStatement('SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.state = $1)', null);
    assert.deepEqual(shape.tables.map((t) => t.id), ['0:o', '1:p']);
    const join = shape.predicates.find((p) => p.kind === 'join' && p.target.tableId === '1:p');
    assert.ok(join);
    assert.equal(join.other!.tableId, '0:o');
    assert.equal(shape.parameterCount, 1, 'placeholders inside subqueries count');
    assert.deepEqual(shape.parameters.map((p) => `${p.position}:${p.role}`), ['1:compare']);
  });

  it('binds INSERT values and UPDATE assignments to their columns', () => {
    const insert = analyzeStatement('INSERT INTO t (a, b) VALUES ($1, $2)', null);
    assert.deepEqual(insert.parameters.map((p) => `${p.role}:${p.target?.kind === 'column' ? p.target.column : ''}`), ['insert-value:a', 'insert-value:b']);
    const update = analyzeStatement('UPDATE t SET a = $1 WHERE id = $2', null);
    assert.deepEqual(update.parameters.map((p) => p.role), ['set-value', 'compare']);
  });

  it('refuses what does not parse with a code, without the text in the message', () => {
    assert.throws(() => analyzeStatement("SELEC secret_value FROM t", null), (error: unknown) => {
      assert.ok(error instanceof ShadowtuneError);
      assert.equal(error.code, 'STATEMENT_UNPARSABLE');
      assert.doesNotMatch(error.message, /secret_value/);
      return true;
    });
  });
});
