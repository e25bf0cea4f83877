import { classifyParameterText } from './classify-parameter-text.js';
import type { ParameterValue } from './parameter-value.js';

const TRUE_VALUE: ParameterValue = { typeClass: 'BOOLEAN', text: 'true' };
const FALSE_VALUE: ParameterValue = { typeClass: 'BOOLEAN', text: 'false' };

function isPlainInteger(token: string): boolean {
  for (let i = 0; i < token.length; i += 1) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The value of a literal token as `lexicalNormalize` took it out of a statement, in the
 * form a bind parameter would carry it, so that `id = 42` and `id = $1` with `$1 = '42'`
 * feed one placeholder profile alike.
 */
export function literalParameterValue(token: string): ParameterValue {
  const first = token.charCodeAt(0);
  if (first === 39) {
    const body = token.slice(1, -1);
    return textValue(body.includes("''") ? body.replaceAll("''", "'") : body);
  }
  if ((first >= 48 && first <= 57) || first === 46) {
    if (isPlainInteger(token)) return { typeClass: 'INTEGER', text: token };
    const text = token.includes('_') ? token.replaceAll('_', '') : token;
    return { typeClass: isPlainInteger(text) || /^0[xXoObB]/.test(text) ? 'INTEGER' : 'DECIMAL', text };
  }
  if (first === 36) {
    const tagEnd = token.indexOf('$', 1);
    return textValue(token.slice(tagEnd + 1, token.length - (tagEnd + 1)));
  }
  const lower = first | 0x20;
  if (lower === 116 && token.length === 4) return TRUE_VALUE;
  if (lower === 102 && token.length === 5) return FALSE_VALUE;
  if (lower === 101) return textValue(token.slice(2, -1));
  if (lower === 117) return textValue(token.slice(3, -1));
  if (lower === 110) return textValue(token.slice(2, -1).replaceAll("''", "'"));
  // B'0101' and X'ff' bit strings.
  return { typeClass: 'OTHER', text: token };
}

function textValue(text: string): ParameterValue {
  return { typeClass: classifyParameterText(text), text };
}
