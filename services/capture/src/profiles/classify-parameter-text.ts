import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:NaN|Infinity)$/;
const BOOLEAN = /^(?:t|f|true|false)$/i;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?)?$|^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The shape of a parameter given as text (a DETAIL parameter or the body of a string
 * literal). Runs for every value capture sees, so each test is guarded by a cheap look at
 * the first characters before any regular expression.
 */
export function classifyParameterText(text: string | null): ParameterTypeClass {
  if (text === null) return 'NULL';
  const length = text.length;
  if (length === 0) return 'TEXT';
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  if (isDigit(first) || first === 43 || first === 45 || first === 46 || first === 78 || first === 73) {
    if (INTEGER.test(text)) return 'INTEGER';
    // A date (2024-…) or a time (…:…) is not worth the decimal pattern.
    if (text.charCodeAt(4) !== 45 && !text.includes(':') && DECIMAL.test(text)) return 'DECIMAL';
  }
  if (length <= 5 && BOOLEAN.test(text)) return 'BOOLEAN';
  if ((length === 36 || length === 32) && UUID.test(text)) return 'UUID';
  if (isDigit(first) && length >= 5 && (text.charCodeAt(4) === 45 || text.charCodeAt(2) === 58) && DATE_TIME.test(text)) return 'DATE_TIME';
  if (first === 123 && last === 125) return text.includes('":') || text === '{}' ? 'JSON' : 'LIST';
  if (first === 91 && last === 93) return 'JSON';
  return 'TEXT';
}
