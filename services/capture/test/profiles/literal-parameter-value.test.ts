import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyParameterText } from '../../src/profiles/classify-parameter-text.js';
import { literalParameterValue } from '../../src/profiles/literal-parameter-value.js';

describe('literalParameterValue', () => {
  it('reads literal tokens as the text a bind parameter would carry', () => {
    assert.deepEqual(literalParameterValue("'O''Brien'"), { typeClass: 'TEXT', text: "O'Brien" });
    assert.deepEqual(literalParameterValue('42'), { typeClass: 'INTEGER', text: '42' });
    assert.deepEqual(literalParameterValue('1_000'), { typeClass: 'INTEGER', text: '1000' });
    assert.deepEqual(literalParameterValue('1.5e3'), { typeClass: 'DECIMAL', text: '1.5e3' });
    assert.deepEqual(literalParameterValue('true'), { typeClass: 'BOOLEAN', text: 'true' });
    assert.deepEqual(literalParameterValue('$q$it\'s$q$'), { typeClass: 'TEXT', text: "it's" });
    assert.deepEqual(literalParameterValue("E'a\\tb'"), { typeClass: 'TEXT', text: 'a\\tb' });
    assert.deepEqual(literalParameterValue("'2024-02-29'"), { typeClass: 'DATE_TIME', text: '2024-02-29' });
    assert.equal(literalParameterValue("B'0101'").typeClass, 'OTHER');
  });
});

describe('classifyParameterText', () => {
  it('recognises the value shapes', () => {
    const cases: Record<string, string> = {
      '12': 'INTEGER', '-3': 'INTEGER', '3.25': 'DECIMAL', '1e-5': 'DECIMAL', t: 'BOOLEAN', false: 'BOOLEAN',
      '550e8400-e29b-41d4-a716-446655440000': 'UUID', '2024-03-01 10:00:00+00': 'DATE_TIME', '2024-03-01T10:00:00Z': 'DATE_TIME',
      '{"a": 1}': 'JSON', '[1, 2]': 'JSON', '{1,2,3}': 'LIST', 'hello': 'TEXT', '': 'TEXT',
    };
    for (const [text, typeClass] of Object.entries(cases)) assert.equal(classifyParameterText(text), typeClass, text);
    assert.equal(classifyParameterText(null), 'NULL');
  });
});
