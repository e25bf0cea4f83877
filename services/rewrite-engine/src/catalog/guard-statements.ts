import type pg from 'pg';
import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { runQuery } from './run-query.js';

/**
 * Other SELECT statements known to read any of `tables` (schema.table): those with a
 * finding, and — when the signature-analyzer's examinations table exists — every examined
 * statement, finding or not. Candidates must not slow them down.
 */
export async function guardStatements(db: pg.Pool, model: SchemaModel | null, tables: readonly string[], except: string, limit: number): Promise<{ fingerprint: string; sql: string }[]> {
  const found = new Map<string, string>();
  const own = await runQuery(db, `SELECT DISTINCT ON (fingerprint) fingerprint, normalized_sql FROM shadowtune.rewrite_findings WHERE tables && $1::text[] AND statement_kind = 'SELECT' AND fingerprint <> $2 ORDER BY fingerprint, updated_at DESC`, [[...tables], except]);
  for (const row of own.rows) found.set(String(row.fingerprint), String(row.normalized_sql));
  const analyzer = await runQuery(db, `SELECT to_regclass('shadowtune.signature_examinations') IS NOT NULL AS present`);
  if (analyzer.rows[0]?.present) {
    const names = [...new Set(tables.map((t) => t.slice(t.indexOf('.') + 1)))];
    const rows = await runQuery(
      db,
      `SELECT fingerprint, normalized_sql FROM shadowtune.signature_examinations
       WHERE statement_kind = 'SELECT' AND fingerprint <> $1 AND normalized_sql ILIKE ANY ($2::text[]) ORDER BY examinations DESC LIMIT 200`,
      [except, names.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    for (const row of rows.rows) {
      const fingerprint = String(row.fingerprint);
      if (found.has(fingerprint)) continue;
      try {
        const shape = analyzeStatement(String(row.normalized_sql), model);
        if (shape.tables.some((t) => tables.includes(`${t.schema}.${t.name}`))) found.set(fingerprint, String(row.normalized_sql));
      } catch {
        // not a statement we can run as a guard
      }
    }
  }
  return [...found].slice(0, limit).map(([fingerprint, sql]) => ({ fingerprint, sql }));
}
