import type { SelectStmt } from 'libpg-query';
import { parseStatements } from '@shadowtune/shared/sql/parse-statement';
import { bodyOf, type AstNode } from '../ast/ast-node.js';

const cache = new Map<string, AstNode | null>();
const MAX_CACHED = 10_000;

/**
 * Parses an expression as EXPLAIN prints it (`((o.id)::numeric = $1)`) with the SQL
 * grammar, or null when it is not SQL (`(hashed SubPlan 1)`, `$0` of an InitPlan...).
 */
export function parsePlanExpression(text: string): AstNode | null {
  if (cache.has(text)) return cache.get(text)!;
  let parsed: AstNode | null = null;
  try {
    const select = bodyOf<SelectStmt>(parseStatements(`SELECT WHERE ${text}`)[0], 'SelectStmt');
    parsed = (select?.whereClause as AstNode | undefined) ?? null;
  } catch {
    parsed = null;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, parsed);
  return parsed;
}
