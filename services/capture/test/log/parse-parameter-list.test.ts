import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseParameterList } from '../../src/log/parse-parameter-list.js';

describe('parseParameterList', () => {
  it("reads quoted values, '' escapes, NULL and multi-line values", () => {
    assert.deepEqual(parseParameterList("$1 = 'o''neil@ex.com', $2 = NULL, $3 = 'a, $4 = ''b''', $4 = 'line\none'"), ["o'neil@ex.com", null, "a, $4 = 'b'", 'line\none']);
  });

  it('returns null for text of another shape', () => {
    assert.equal(parseParameterList("$1 = 'unterminated"), null);
    assert.equal(parseParameterList('not parameters'), null);
    assert.equal(parseParameterList("$1 = 'a' $2 = 'b'"), null);
  });
});
