import { quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { TableName } from '../usage/statement-usage.js';
import type { Precheck } from './migration-plan.js';

/**
 * Precheck: no view or rule depends on the table (or on one of its columns): views bind
 * to the table itself, so after a rename they would keep reading the old one.
 */
export function dependentViewsCheck(table: TableName, column: string | null): Precheck {
  const relation = `${quoteLiteral(quoteQualifiedName(table.schema, table.name))}::regclass`;
  const onColumn = column === null ? '' : ` AND a.attname = ${quoteLiteral(column)}`;
  return {
    description: `no view depends on ${table.schema}.${table.name}${column === null ? '' : `.${column}`}`,
    sql:
      `SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid ` +
      `LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid ` +
      `WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refobjid = ${relation} AND r.ev_class <> ${relation}${onColumn} LIMIT 1`,
  };
}
