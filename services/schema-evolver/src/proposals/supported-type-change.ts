import { canonicalTypeName } from '../analysis/canonical-type-name.js';

/**
 * Conversions the expand/contract migration performs, each with the read-only test that
 * finds the values that would not convert (a regular expression over the text form, so no
 * cast can fail during the check). null when the conversion is not supported.
 */
export function supportedTypeChange(fromType: string, toType: string): { readonly toType: string; readonly invalidPattern: string | null } | null {
  const from = canonicalTypeName(fromType);
  const to = canonicalTypeName(toType);
  if (from === 'text') {
    if (to === 'smallint') return { toType: to, invalidPattern: '^\\s*[-+]?[0-9]{1,4}\\s*$' };
    if (to === 'integer') return { toType: to, invalidPattern: '^\\s*[-+]?[0-9]{1,9}\\s*$' };
    if (to === 'bigint') return { toType: to, invalidPattern: '^\\s*[-+]?[0-9]{1,18}\\s*$' };
    if (to === 'numeric') return { toType: to, invalidPattern: '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*$' };
    if (to === 'uuid') return { toType: to, invalidPattern: '^\\s*[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\s*$' };
    if (to === 'boolean') return { toType: to, invalidPattern: '^\\s*(t|f|true|false|y|n|yes|no|on|off|1|0)\\s*$' };
    return null;
  }
  // Widening: every value converts.
  if (from === 'smallint' && (to === 'integer' || to === 'bigint' || to === 'numeric')) return { toType: to, invalidPattern: null };
  if (from === 'integer' && (to === 'bigint' || to === 'numeric')) return { toType: to, invalidPattern: null };
  if (from === 'bigint' && to === 'numeric') return { toType: to, invalidPattern: null };
  if (from === 'timestamp' && to === 'timestamptz') return { toType: to, invalidPattern: null };
  return null;
}
