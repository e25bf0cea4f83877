import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:NaN|Infinity)$/;
const BOOLEAN = /^(?:t|f|true|false)$/i;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?)?$|^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/** The shape of a parameter given as text (a DETAIL parameter or the body of a string literal). */
export function classifyParameterText(text: string | null): ParameterTypeClass {
  if (text === null) return 'NULL';
  if (INTEGER.test(text)) return 'INTEGER';
  if (DECIMAL.test(text)) return 'DECIMAL';
  if (BOOLEAN.test(text)) return 'BOOLEAN';
  if (UUID.test(text)) return 'UUID';
  if (DATE_TIME.test(text)) return 'DATE_TIME';
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first === 123 && last === 125) return text.includes('":') || text === '{}' ? 'JSON' : 'LIST';
  if (first === 91 && last === 93) return 'JSON';
  return 'TEXT';
}
