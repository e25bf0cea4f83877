import { parse, type SelectFromStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { adviseKeysetPagination } from './advise-keyset-pagination.js';
import type { RewriteCandidate, RewriteSkip, RuleOutcome } from './rewrite-candidate.js';
import { rewriteCorrelatedSubqueryToJoin } from './rewrite-correlated-subquery-to-join.js';
import { rewriteCorrelatedSubqueryToLateral } from './rewrite-correlated-subquery-to-lateral.js';
import { rewriteDatePredicateToRange } from './rewrite-date-predicate-to-range.js';
import { rewriteOrToUnion } from './rewrite-or-to-union.js';
import { rewriteInSubqueryToExists, rewriteNotInToNotExists } from './rewrite-subquery-predicates.js';

export interface RewriteResult {
  readonly rewrites: readonly RewriteCandidate[];
  readonly skips: readonly RewriteSkip[];
}

/**
 * Every rewrite rule that applies to a SELECT, each on the original statement (so each
 * candidate is measured and validated on its own). A statement the rewriter's parser
 * (pgsql-ast-parser) does not read gets one skip with REWRITE_PARSER_UNSUPPORTED.
 */
export function generateRewrites(sql: string, model: SchemaModel, parameterCount: number): RewriteResult {
  let statement: SelectFromStatement;
  try {
    const parsed = parse(sql);
    if (parsed.length !== 1 || parsed[0]!.type !== 'select') return { rewrites: [], skips: [] };
    statement = parsed[0] as SelectFromStatement;
  } catch {
    return { rewrites: [], skips: [{ rule: 'or-to-union', reason: 'REWRITE_PARSER_UNSUPPORTED', detail: 'pgsql-ast-parser does not read this statement' }] };
  }
  const outcomes: RuleOutcome[] = [
    rewriteOrToUnion(statement, model),
    rewriteNotInToNotExists(statement, model),
    rewriteInSubqueryToExists(statement, model),
    rewriteDatePredicateToRange(statement, model),
    rewriteCorrelatedSubqueryToJoin(statement, model),
    rewriteCorrelatedSubqueryToLateral(statement, model),
    adviseKeysetPagination(statement, model, parameterCount),
  ];
  const rewrites: RewriteCandidate[] = [];
  const skips: RewriteSkip[] = [];
  for (const outcome of outcomes) {
    if (outcome?.kind === 'rewrite') rewrites.push(outcome.rewrite);
    else if (outcome?.kind === 'skip') skips.push(outcome.skip);
  }
  // The LATERAL form is the fallback for subqueries the grouped join refuses: once it is a candidate, that refusal is no news.
  const lateral = rewrites.some((r) => r.rule === 'correlated-subquery-to-lateral');
  return { rewrites, skips: lateral ? skips.filter((s) => s.rule !== 'correlated-subquery-to-join') : skips };
}
