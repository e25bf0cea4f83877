import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

/**
 * Opaque pagination cursors: the sort key of the last item of a page, as base64url JSON.
 * Lists use keyset pagination (stable under inserts, no OFFSET scans).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, checked against the shape the list expects; INPUT_INVALID naming `cursor` otherwise. */
export function decodeCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((value, i) => typeof value !== shape[i])) {
    throw new ShadowtuneError('INPUT_INVALID', 'cursor is not one this list returned', { context: { field: 'querystring/cursor' } });
  }
  return key as (string | number)[];
}
