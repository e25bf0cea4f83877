import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';

/** `SELECT <last key>::text AS cursor, <rows> AS rows` over a CTE of the batch's rows. */
export function cursorSelect(keyColumn: string, cte: string): string {
  const key = quoteIdentifier(keyColumn);
  return `SELECT (SELECT (array_agg(${key} ORDER BY ${key} DESC))[1]::text FROM ${cte}) AS cursor, (SELECT count(*) FROM ${cte})::int AS rows`;
}
