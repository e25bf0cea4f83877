import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { parseCheckExpression } from '../../src/schema/parse-check-expression.js';

describe('parseCheckExpression', () => {
  before(() => loadSqlParser());

  it('reads comparisons with constants as the server prints them', () => {
    const parsed = parseCheckExpression('CHECK (((qty > 0) AND (qty <= 1000)))');
    assert.equal(parsed.fullyInterpreted, true);
    assert.deepEqual(parsed.rules, [
      { kind: 'compare', column: 'qty', operator: '>', literal: '0' },
      { kind: 'compare', column: 'qty', operator: '<=', literal: '1000' },
    ]);
  });

  it('unwraps casts, folds negative constants and mirrors constant-first comparisons', () => {
    const parsed = parseCheckExpression("CHECK (((price >= (0)::numeric) AND ((-5) < delta) AND (z >= '-2.5'::numeric)))");
    assert.deepEqual(parsed.rules, [
      { kind: 'compare', column: 'price', operator: '>=', literal: '0' },
      { kind: 'compare', column: 'delta', operator: '>', literal: '-5' },
      { kind: 'compare', column: 'z', operator: '>=', literal: '-2.5' },
    ]);
  });

  it('reads IN lists, = ANY (ARRAY[...]), <> ALL, BETWEEN, length() and IS NOT NULL', () => {
    const parsed = parseCheckExpression(
      "CHECK (((status = ANY (ARRAY['a'::text, 'b'::text])) AND (x BETWEEN 1 AND 5) AND (y <> ALL (ARRAY[1, 2])) AND (length((code)::text) = 3) AND (w IS NOT NULL) AND (c IN ('x', 'y'))))",
    );
    assert.equal(parsed.fullyInterpreted, true);
    assert.deepEqual(parsed.rules, [
      { kind: 'in', column: 'status', literals: ['a', 'b'] },
      { kind: 'compare', column: 'x', operator: '>=', literal: '1' },
      { kind: 'compare', column: 'x', operator: '<=', literal: '5' },
      { kind: 'not-in', column: 'y', literals: ['1', '2'] },
      { kind: 'length', column: 'code', operator: '=', length: 3 },
      { kind: 'not-null', column: 'w' },
      { kind: 'in', column: 'c', literals: ['x', 'y'] },
    ]);
  });

  it('reads column-to-column comparisons and domain checks on VALUE', () => {
    assert.deepEqual(parseCheckExpression('CHECK ((shipped_at > placed_at))').rules, [{ kind: 'column-compare', left: 'shipped_at', operator: '>', right: 'placed_at' }]);
    assert.deepEqual(parseCheckExpression('CHECK ((VALUE > (0)::numeric))').rules, [{ kind: 'compare', column: 'value', operator: '>', literal: '0' }]);
  });

  it('marks what it cannot interpret, keeping the parts it can', () => {
    const regex = parseCheckExpression("CHECK (((label ~ '^[A-Z]'::text) AND (n > 1)))");
    assert.equal(regex.fullyInterpreted, false);
    assert.deepEqual(regex.rules, [{ kind: 'compare', column: 'n', operator: '>', literal: '1' }]);
    assert.equal(parseCheckExpression('CHECK (((a IS NULL) OR (a > 0)))').fullyInterpreted, false);
    assert.equal(parseCheckExpression('CHECK ((lower(x) = x))').fullyInterpreted, false);
    assert.equal(parseCheckExpression('not a check at all').fullyInterpreted, false);
  });
});
