import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripPlanLiterals } from '../../src/plan/strip-plan-literals.js';

describe('stripPlanLiterals', () => {
  it('keeps a JSON plan\'s shape and measurements, replaces Query Text, drops Query Parameters, strips conditions', () => {
    const plan = JSON.stringify({
      'Query Text': "SELECT * FROM users WHERE email = 'ann@example.com' AND id > 42",
      'Query Parameters': "$1 = 'ann@example.com'",
      Plan: {
        'Node Type': 'Index Scan',
        'Relation Name': 'users',
        'Index Name': 'users_email_key',
        'Total Cost': 8.3,
        'Plan Rows': 1,
        'Index Cond': "(email = 'ann@example.com'::text)",
        Filter: '(id > 42)',
        Output: ['id', "'secret-constant'::text"],
      },
    });
    const stripped = stripPlanLiterals({ format: 'json', text: plan }, 'SELECT * FROM users WHERE email = $1 AND id > $2');
    assert.ok(stripped !== null);
    const parsed = JSON.parse(stripped) as { 'Query Text': string; 'Query Parameters'?: string; Plan: Record<string, unknown> };
    assert.equal(parsed['Query Text'], 'SELECT * FROM users WHERE email = $1 AND id > $2');
    assert.equal(parsed['Query Parameters'], undefined);
    assert.equal(parsed.Plan['Index Name'], 'users_email_key');
    assert.equal(parsed.Plan['Total Cost'], 8.3);
    assert.equal(parsed.Plan['Index Cond'], '(email = $1::text)');
    assert.equal(parsed.Plan.Filter, '(id > $1)');
    assert.deepEqual(parsed.Plan.Output, ['id', '$1::text']);
    assert.ok(!stripped.includes('ann@') && !stripped.includes('42') && !stripped.includes('secret'));
  });

  it('strips a text plan: Query Text and Parameters (even multi-line) replaced, conditions normalized, measurements kept', () => {
    const text = [
      'Query Text: SELECT * FROM users',
      "WHERE name = 'line one",
      "line two'",
      "Query Parameters: $1 = 'multi",
      "line'",
      'Seq Scan on users  (cost=0.00..18.70 rows=1 width=40) (actual time=0.010..0.011 rows=0 loops=1)',
      "  Filter: ((id > '12'::bigint) AND (name = 'Zoë ''x'''::text))",
      '  Rows Removed by Filter: 500',
      '  Buffers: shared hit=5',
    ].join('\n');
    const stripped = stripPlanLiterals({ format: 'text', text }, 'SELECT * FROM users WHERE name = $1');
    assert.ok(stripped !== null);
    const plan = (JSON.parse(stripped) as { Plan: string }).Plan;
    assert.equal(
      plan,
      [
        'Query Text: SELECT * FROM users WHERE name = $1',
        'Seq Scan on users  (cost=0.00..18.70 rows=1 width=40) (actual time=0.010..0.011 rows=0 loops=1)',
        '  Filter: ((id > $1::bigint) AND (name = $2::text))',
        '  Rows Removed by Filter: 500',
        '  Buffers: shared hit=5',
      ].join('\n'),
    );
  });

  it('returns null for a JSON plan that cannot be read', () => {
    assert.equal(stripPlanLiterals({ format: 'json', text: '{"Query Text": "SELECT \'x' }, 'SELECT $1'), null);
  });
});
