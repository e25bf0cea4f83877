import { quoteLiteral } from '@shadowtune/shared/sql/quote-identifier';
import type { Precheck } from './migration-plan.js';

/** Precheck: no relation (table, index, sequence...) of this name in this schema yet. */
export function relationAbsentCheck(schema: string, name: string): Precheck {
  return {
    description: `no relation named ${schema}.${name} exists`,
    sql:
      `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(name)} LIMIT 1`,
  };
}
