import { ShadowtuneError } from '../errors/shadowtune-error.js';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier for generated SQL. Always quotes (so reserved words and mixed case
 * survive) and refuses what the server would mangle: empty names, NUL bytes, names over
 * 63 bytes. Generated SQL is built from structures with this, never by pasting text.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new ShadowtuneError('IDENTIFIER_INVALID', 'identifier is empty');
  if (name.includes('\u0000')) throw new ShadowtuneError('IDENTIFIER_INVALID', 'identifier contains a NUL byte');
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new ShadowtuneError('IDENTIFIER_INVALID', `identifier is longer than ${MAX_IDENTIFIER_BYTES} bytes`, {
      context: { length: Buffer.byteLength(name, 'utf8') },
    });
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."name"`. */
export function quoteQualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** A string literal for generated SQL (standard_conforming_strings on, as since PG 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new ShadowtuneError('INPUT_INVALID', 'string literal contains a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}
