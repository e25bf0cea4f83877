import { quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { TableName } from '../usage/statement-usage.js';
import type { Precheck } from './migration-plan.js';

/** Precheck: the table has no column of this name yet. */
export function columnAbsentCheck(table: TableName, column: string): Precheck {
  return {
    description: `${table.schema}.${table.name} has no column ${column}`,
    sql:
      `SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = ${quoteLiteral(quoteQualifiedName(table.schema, table.name))}::regclass ` +
      `AND attname = ${quoteLiteral(column)} AND NOT attisdropped LIMIT 1`,
  };
}
