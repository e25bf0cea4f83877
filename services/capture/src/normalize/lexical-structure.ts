import type { StatementStructure } from './statement-structure.js';
import { fingerprintHex } from './fingerprint-hex.js';

/** The fallback when the grammar did not (or may not) parse a statement: a hash of its normalized text. */
export function lexicalStructure(normalizedSql: string): StatementStructure {
  return { fingerprint: fingerprintHex(`lexical\u0000${normalizedSql}`), parsed: false, statementKind: 'OTHER', relations: [] };
}
