import { parseStatements, type ParsedStatement } from '@shadowtune/shared/sql/parse-statement';
import type { SilenceReason } from '../silence-reason.js';
import { tagged } from './ast-node.js';

export type ParsedSignature =
  | { readonly ok: true; readonly kind: 'SELECT' | 'UPDATE' | 'DELETE'; readonly statement: ParsedStatement }
  | { readonly ok: false; readonly reason: SilenceReason; readonly detail: string };

const NOT_TUNED = new Set(['InsertStmt', 'MergeStmt', 'CopyStmt', 'CallStmt', 'DoStmt']);

/**
 * Parses a signature's normalized SQL and decides whether the analyzer tunes it: one
 * SELECT (without INTO), UPDATE or DELETE. The parser must be loaded (loadSqlParser()).
 * The parser's message may quote the statement, so the detail keeps only its kind.
 */
export function parseSignatureSql(sql: string): ParsedSignature {
  // The grammar reads a C string: it would silently stop at a NUL and parse a prefix.
  if (sql.includes('\u0000')) return { ok: false, reason: 'NOT_PARSABLE', detail: 'the statement contains a NUL character' };
  if (sql.trim() === '') return { ok: false, reason: 'NOT_A_QUERY', detail: 'empty statement' };
  let statements: ParsedStatement[];
  try {
    statements = parseStatements(sql);
  } catch {
    return { ok: false, reason: 'NOT_PARSABLE', detail: 'the PostgreSQL grammar rejected the statement' };
  }
  if (statements.length === 0) return { ok: false, reason: 'NOT_A_QUERY', detail: 'empty statement' };
  if (statements.length > 1) return { ok: false, reason: 'UNSUPPORTED_STATEMENT', detail: `${statements.length} statements in one signature` };
  const statement = statements[0]!;
  const t = tagged(statement);
  const tag = t?.tag ?? 'unknown';
  if (tag === 'SelectStmt') {
    if (t!.body.intoClause !== undefined) return { ok: false, reason: 'UNSUPPORTED_STATEMENT', detail: 'SELECT INTO creates a table' };
    return { ok: true, kind: 'SELECT', statement };
  }
  if (tag === 'UpdateStmt') return { ok: true, kind: 'UPDATE', statement };
  if (tag === 'DeleteStmt') return { ok: true, kind: 'DELETE', statement };
  const kind = tag.replace(/Stmt$/, '');
  if (NOT_TUNED.has(tag)) return { ok: false, reason: 'UNSUPPORTED_STATEMENT', detail: `${kind} statements are not tuned` };
  return { ok: false, reason: 'NOT_A_QUERY', detail: `${kind} is not a query` };
}
