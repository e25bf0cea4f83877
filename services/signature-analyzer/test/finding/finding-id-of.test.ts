import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingIdOf } from '../../src/finding/finding-id-of.js';

test('same fingerprint and pattern set, same id, whatever the order or repeats', () => {
  const a = findingIdOf('fp', ['MISSING_FILTER_INDEX', 'FULL_TABLE_SCAN']);
  assert.equal(findingIdOf('fp', ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX', 'FULL_TABLE_SCAN']), a);
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(findingIdOf('fp', ['FULL_TABLE_SCAN']), a);
  assert.notEqual(findingIdOf('fp2', ['MISSING_FILTER_INDEX', 'FULL_TABLE_SCAN']), a);
});
