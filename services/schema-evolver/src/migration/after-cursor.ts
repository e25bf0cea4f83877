import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { typeSql } from './type-sql.js';

/**
 * The cursor condition of a batch: rows after the last key of the previous batch ($1,
 * null for the first batch), in key order. With a custom plan the server folds the null
 * test away, so each batch is an index range scan on the key.
 */
export function afterCursor(keyColumn: string, keyType: string, alias: string | null = null): string {
  const column = alias === null ? quoteIdentifier(keyColumn) : `${alias}.${quoteIdentifier(keyColumn)}`;
  return `($1::${typeSql(keyType)} IS NULL OR ${column} > $1::${typeSql(keyType)})`;
}
