import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

// format_type() spellings of built-in types: words, optional (n) or (p,s), optional [].
const BUILT_IN = /^[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*(\(\d{1,4}(,\d{1,4})?\))?( with(out)? time zone)?(\[\])*$/;
// A schema-qualified user type as format_type() prints it: identifiers, quoted when needed.
const QUALIFIED = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(\.("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*))?(\[\])*$/;

/**
 * A data type for generated SQL. Types come from the catalog (format_type()) or from the
 * analyzer's closed list, never from statement text; this still refuses anything that is
 * not a type spelling, so nothing else can ride along into DDL.
 */
export function typeSql(dataType: string): string {
  const text = dataType.trim();
  if (BUILT_IN.test(text) || QUALIFIED.test(text)) return text;
  throw new ShadowtuneError('IDENTIFIER_INVALID', 'not a data type spelling', { context: { length: text.length } });
}
