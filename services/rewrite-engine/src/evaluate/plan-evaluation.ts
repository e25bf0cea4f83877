import { createHash } from 'node:crypto';
import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import type { StatementShape } from '@shadowtune/shared/sql/statement/statement-shape';
import type { BenchRequest, BenchVariant } from '@shadowtune/shared/contracts/generated-types';
import { findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { consolidateIndexCandidates } from '../candidates/consolidate-index-candidates.js';
import { designIndexCandidates, type DesignOptions } from '../candidates/design-index-candidates.js';
import { findRedundantIndexes } from '../candidates/find-redundant-indexes.js';
import { indexSignature, type IndexCandidate } from '../candidates/index-candidate.js';
import { indexNameOf, renderCreateIndex, renderDropIndex } from '../candidates/render-index-ddl.js';
import type { StoredFinding } from '../catalog/finding-store.js';
import type { ReasonCode } from '../reason-code.js';
import { generateRewrites } from '../rewrites/generate-rewrites.js';
import type { EvaluationCandidate } from './evaluation-candidate.js';

export interface PlanOptions {
  readonly maxIndexColumns: number;
  readonly maxIncludeColumns: number;
  readonly maxCandidatesPerFinding: number;
  readonly maxGuards: number;
  readonly partialNullFraction: number;
  readonly partialDominantShare: number;
  readonly benchRuns: number;
  readonly benchWarmupRuns: number;
  readonly benchStatementTimeoutMs: number;
}

export interface PlanEvaluationInput {
  readonly fingerprint: string;
  readonly datasetId: string | null;
  /** Findings of this fingerprint. */
  readonly findings: readonly StoredFinding[];
  /** Findings of other fingerprints on the same tables (for consolidation). */
  readonly related: readonly StoredFinding[];
  /** Other statements on the same tables, measured as regression guards. */
  readonly guards: readonly { readonly fingerprint: string; readonly sql: string }[];
  readonly model: SchemaModel;
  readonly options: PlanOptions;
  readonly now: number;
}

export interface EvaluationPlan {
  readonly request: BenchRequest | null;
  readonly candidates: readonly EvaluationCandidate[];
  readonly skips: readonly { readonly reason: ReasonCode; readonly detail: string }[];
}

function tryAnalyze(sql: string, model: SchemaModel): StatementShape | null {
  try {
    return analyzeStatement(sql, model);
  } catch {
    return null;
  }
}

/** How many statements use each column of a table as an equality or join key. */
function equalityUse(shapes: readonly StatementShape[]): DesignOptions['equalityUse'] {
  const counts = new Map<string, number>();
  for (const shape of shapes) {
    const used = new Set<string>();
    for (const p of shape.predicates) {
      if (!p.conjunct || (p.kind !== 'equality' && p.kind !== 'join') || p.target.kind !== 'column') continue;
      const use = shape.tables.find((t) => t.id === p.target.tableId);
      if (use?.table) used.add(`${use.table.schema}.${use.table.name}.${p.target.column}`);
    }
    for (const key of used) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (schema, table, column) => counts.get(`${schema}.${table}.${column}`) ?? 0;
}

function hashOf(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * Plans the evaluation of a fingerprint on a loaded dataset: index candidates designed for
 * it and for every other finding on its tables, consolidated (an index serving several
 * statements is measured for all of them), the existing indexes each candidate would make
 * redundant (measured with them hidden), rewrites of the statement, the other statements
 * on the same tables as guards — all in one bench request whose id is derived from its
 * content, so a redelivered baseline plans the same request again.
 */
export function planEvaluation(input: PlanEvaluationInput): EvaluationPlan {
  const skips: { reason: ReasonCode; detail: string }[] = [];
  const primary = input.findings[0];
  if (!primary) return { request: null, candidates: [], skips: [{ reason: 'NO_CANDIDATE', detail: 'no finding is stored for this fingerprint' }] };
  const shape = tryAnalyze(primary.normalizedSql, input.model);
  if (!shape) return { request: null, candidates: [], skips: [{ reason: 'STATEMENT_NOT_ANALYSABLE', detail: 'the statement does not parse' }] };
  if (shape.kind !== 'SELECT' && shape.kind !== 'UPDATE' && shape.kind !== 'DELETE') {
    return { request: null, candidates: [], skips: [{ reason: 'STATEMENT_KIND_UNSUPPORTED', detail: `${shape.kind} statement` }] };
  }
  if (shape.unknownRelations.length > 0) {
    return { request: null, candidates: [], skips: [{ reason: 'UNKNOWN_RELATION', detail: `not in the shadow schema: ${shape.unknownRelations.join(', ')}` }] };
  }
  const patterns = new Set(input.findings.flatMap((f) => f.patterns));
  const relatedShapes = input.related
    .filter((f) => f.fingerprint !== input.fingerprint)
    .map((f) => ({ finding: f, shape: tryAnalyze(f.normalizedSql, input.model) }))
    .filter((r): r is { finding: StoredFinding; shape: StatementShape } => r.shape !== null);
  const designOptions: DesignOptions = {
    maxIndexColumns: input.options.maxIndexColumns,
    maxIncludeColumns: input.options.maxIncludeColumns,
    partialNullFraction: input.options.partialNullFraction,
    partialDominantShare: input.options.partialDominantShare,
    trigramAvailable: input.model.extensions.includes('pg_trgm'),
    leadingWildcard: patterns.has('LEADING_WILDCARD_LIKE'),
    equalityUse: equalityUse([shape, ...relatedShapes.map((r) => r.shape)]),
  };
  const own = designIndexCandidates(shape, input.fingerprint, designOptions);
  for (const note of own.notes) skips.push({ reason: note.reason, detail: `${note.table}: ${note.detail}` });
  const others = relatedShapes.flatMap((r) =>
    designIndexCandidates(r.shape, r.finding.fingerprint, { ...designOptions, leadingWildcard: r.finding.patterns.includes('LEADING_WILDCARD_LIKE') }).candidates,
  );
  const ownOrder = new Map(own.candidates.map((c, i) => [indexSignature(c), i]));
  const consolidated = consolidateIndexCandidates([...own.candidates, ...others])
    .filter((c) => c.candidate.fingerprints.includes(input.fingerprint))
    .sort(
      (a, b) =>
        (ownOrder.get(indexSignature(a.candidate)) ?? 1_000) - (ownOrder.get(indexSignature(b.candidate)) ?? 1_000) ||
        b.candidate.fingerprints.length - a.candidate.fingerprints.length ||
        a.candidate.keys.length - b.candidate.keys.length,
    );
  // The narrowest candidates of the statement itself first; broader shared ones replace the tail of the list.
  const chosen: IndexCandidate[] = [];
  const shared = consolidated.filter((c) => c.candidate.fingerprints.length > 1 && !ownOrder.has(indexSignature(c.candidate)));
  const mine = consolidated.filter((c) => ownOrder.has(indexSignature(c.candidate)));
  const cap = input.options.maxCandidatesPerFinding;
  for (const c of mine.slice(0, Math.max(1, cap - Math.min(shared.length, Math.floor(cap / 2))))) chosen.push(c.candidate);
  for (const c of shared) if (chosen.length < cap) chosen.push(c.candidate);
  for (const c of mine) if (chosen.length < cap && !chosen.includes(c.candidate)) chosen.push(c.candidate);

  const candidates: EvaluationCandidate[] = [];
  const variants: BenchVariant[] = [{ variantId: 'baseline', kind: 'BASELINE', setupSql: [], teardownSql: [], querySql: primary.normalizedSql }];
  chosen.forEach((candidate, i) => {
    const variantId = `ix${i + 1}`;
    const name = indexNameOf(candidate);
    const table = findTable(input.model, candidate.schema, candidate.table);
    const redundant = table
      ? findRedundantIndexes(candidate, table).map((index) => ({ schema: candidate.schema, table: candidate.table, name: index.name, definition: index.definition }))
      : [];
    candidates.push({
      kind: 'index',
      variantId,
      index: candidate,
      schema: candidate.schema,
      name,
      createSql: renderCreateIndex(candidate, true),
      dropSql: renderDropIndex(candidate.schema, name, true),
      redundant,
    });
    const setupSql = [renderCreateIndex(candidate, false)];
    const teardownSql = [renderDropIndex(candidate.schema, name, false)];
    variants.push({ variantId, kind: 'INDEX', setupSql, teardownSql, querySql: primary.normalizedSql });
    redundant.forEach((existing, j) => {
      const dropId = `${variantId}-drop${j + 1}`;
      candidates.push({ kind: 'drop-index', variantId: dropId, basedOn: variantId, existing });
      variants.push({ variantId: dropId, kind: 'SCHEMA', setupSql: [...setupSql, `DROP INDEX ${quoteQualifiedName(existing.schema, existing.name)}`], teardownSql, querySql: primary.normalizedSql });
    });
  });

  if (shape.kind === 'SELECT') {
    const rewrites = generateRewrites(primary.normalizedSql, input.model, shape.parameterCount);
    for (const skip of rewrites.skips) skips.push({ reason: skip.reason, detail: `${skip.rule}: ${skip.detail}` });
    let r = 0;
    for (const rewrite of rewrites.rewrites) {
      r += 1;
      if (rewrite.advisory) {
        candidates.push({ kind: 'advisory', variantId: `adv${r}`, rule: rewrite.rule, sql: rewrite.sql, rationale: rewrite.rationale });
        continue;
      }
      const variantId = `rw${r}`;
      candidates.push({ kind: 'rewrite', variantId, rule: rewrite.rule, sql: rewrite.sql, rationale: rewrite.rationale });
      variants.push({ variantId, kind: 'REWRITE', setupSql: [], teardownSql: [], querySql: rewrite.sql });
    }
  }

  if (variants.length === 1) {
    if (!skips.some((s) => s.reason === 'ALREADY_INDEXED' || s.reason === 'NO_INDEXABLE_PREDICATE')) skips.push({ reason: 'NO_CANDIDATE', detail: 'no index or rewrite applies' });
    return { request: null, candidates, skips };
  }
  const guards = input.guards.filter((g) => g.fingerprint !== input.fingerprint).slice(0, input.options.maxGuards);
  const hints: Record<string, string> = {};
  for (const p of shape.parameters) if (p.role === 'like') hints[String(p.position)] = patterns.has('LEADING_WILDCARD_LIKE') ? 'like-contains' : 'like-prefix';
  const requestId = `ev_${hashOf([input.datasetId ?? '-', input.fingerprint, ...variants.flatMap((v) => [v.variantId, ...v.setupSql, v.querySql]), ...guards.map((g) => g.fingerprint)]).slice(0, 24)}`;
  const request: BenchRequest = {
    requestId,
    fingerprint: input.fingerprint,
    datasetId: input.datasetId,
    variants,
    guards: guards.map((g) => ({ fingerprint: g.fingerprint, querySql: g.sql })),
    runs: input.options.benchRuns,
    warmupRuns: input.options.benchWarmupRuns,
    statementTimeoutMs: input.options.benchStatementTimeoutMs,
    requestedAt: input.now,
    checkEquivalence: variants.some((v) => v.kind === 'REWRITE'),
    measureWriteCost: variants.some((v) => v.kind === 'INDEX'),
    findingIds: input.findings.map((f) => f.findingId),
    parameterHints: hints,
  };
  return { request, candidates, skips };
}
