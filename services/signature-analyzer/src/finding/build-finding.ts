import { createHash } from 'node:crypto';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { ColumnUse, PatternHit, QueryFinding, QuerySignature, SkewTarget, TableTarget, ThresholdCrossing } from '@shadowtune/shared/contracts/generated-types';
import type { ColumnOf, QueryFacts, TableReference } from '../ast/query-facts.js';
import type { ColumnUseDraft, DetectedPattern } from '../detect/detected-pattern.js';
import { PATTERN_CODES } from '../detect/pattern-code.js';
import { severityRank } from '../detect/severity-rank.js';
import type { WalkedPlan } from '../plan/plan-node.js';
import type { StatsSummary } from '../stats/stats-summary.js';
import { findingIdOf } from './finding-id-of.js';
import { renderPlanExcerpt } from './render-plan-excerpt.js';

export interface BuildFindingInput {
  readonly signature: QuerySignature;
  readonly hits: readonly DetectedPattern[];
  readonly facts: QueryFacts;
  readonly plan: WalkedPlan | null;
  readonly stats: StatsSummary | null;
  readonly config: ShadowtuneConfig;
  readonly schemaVersion: string;
  readonly revision: number;
  readonly detectedAt: number;
}

export interface BuiltFinding {
  readonly finding: QueryFinding;
  /** Hash of what the finding says (not its revision, time or running statistics): a change means a new revision. */
  readonly contentHash: string;
}

function rounded(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}

function columnUse(draft: ColumnUseDraft): ColumnUse {
  return {
    schema: draft.column.reference.schema ?? 'public',
    table: draft.column.reference.name,
    column: draft.column.column,
    role: draft.role,
    operator: draft.operator,
  };
}

function knownColumn(column: ColumnOf): boolean {
  return column.reference.table !== null;
}

function suggestedRows(reference: TableReference, config: ShadowtuneConfig): number {
  const volume = config.syntheticDataVolume;
  const production = Math.max(reference.table?.stats.rowEstimate ?? 0, 0);
  if (volume.productionMultiple !== null && production > 0) return Math.ceil(production * volume.productionMultiple);
  return volume.rows ?? Math.max(production, volume.thinRows);
}

/**
 * Turns detected patterns into the QueryFinding record: patterns most severe first, the
 * columns involved with role and operator (from the patterns, then the statement's other
 * filter, join, sort, group and output columns), the thresholds crossed, a plan excerpt,
 * and the experiment (tables the patterns touch, sized by SyntheticDataVolume; their
 * filter/join columns skewed by DataSkewFactor).
 */
export function buildFinding(input: BuildFindingInput): BuiltFinding {
  const { signature, hits, facts, config } = input;
  const ordered = [...hits].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || PATTERN_CODES.indexOf(a.pattern) - PATTERN_CODES.indexOf(b.pattern),
  );
  const patterns: PatternHit[] = ordered.map((hit) => ({
    pattern: hit.pattern,
    severity: hit.severity,
    detail: hit.detail,
    figures: Object.fromEntries(Object.entries(hit.figures).map(([k, v]) => [k, rounded(v)])),
  }));

  const drafts: ColumnUseDraft[] = [
    ...ordered.flatMap((hit) => hit.columns),
    ...facts.predicates.filter((p) => p.topLevel).map((p) => ({ column: p.column, role: p.role, operator: p.operator })),
    ...facts.sortKeys.filter((k) => k.column !== null).map((k) => ({ column: k.column!, role: 'SORT' as const, operator: k.descending ? 'DESC' : 'ASC' })),
    ...facts.groupColumns.map((column) => ({ column, role: 'GROUP' as const, operator: null })),
    ...facts.projectionColumns.map((column) => ({ column, role: 'PROJECTION' as const, operator: null })),
  ];
  const columns = new Map<string, ColumnUse>();
  for (const draft of drafts) {
    if (!knownColumn(draft.column)) continue;
    const use = columnUse(draft);
    const key = `${use.schema}.${use.table}.${use.column}.${use.role}`;
    if (!columns.has(key)) columns.set(key, use);
  }

  const thresholds = new Map<string, ThresholdCrossing>();
  for (const crossing of ordered.flatMap((hit) => hit.thresholds)) {
    const known = thresholds.get(crossing.metric);
    if (known === undefined || crossing.value > known.value) thresholds.set(crossing.metric, { ...crossing, value: rounded(crossing.value) });
  }
  const mean = input.stats?.meanMs ?? null;
  if (mean !== null && mean >= config.performanceThreshold.executionTimeMs && !thresholds.has('executionTimeMs')) {
    thresholds.set('executionTimeMs', { metric: 'executionTimeMs', value: rounded(mean), threshold: config.performanceThreshold.executionTimeMs });
  }

  const tables = new Map<string, TableTarget>();
  for (const reference of ordered.flatMap((hit) => hit.tables)) {
    if (reference.table === null) continue;
    const key = `${reference.schema}.${reference.name}`;
    if (!tables.has(key)) tables.set(key, { schema: reference.schema ?? 'public', table: reference.name, rows: suggestedRows(reference, config) });
  }
  const skew = new Map<string, SkewTarget>();
  if (config.dataSkewFactor > 0) {
    for (const column of ordered.flatMap((hit) => hit.skew)) {
      if (!knownColumn(column)) continue;
      const target: SkewTarget = { schema: column.reference.schema ?? 'public', table: column.reference.name, column: column.column, factor: config.dataSkewFactor };
      skew.set(`${target.schema}.${target.table}.${target.column}`, target);
    }
  }

  const planExcerpt = input.plan === null ? null : renderPlanExcerpt(input.plan, ordered.flatMap((hit) => hit.planNodes));
  const content = {
    fingerprint: signature.fingerprint,
    patterns,
    columns: [...columns.values()],
    thresholds: [...thresholds.values()],
    planExcerpt,
    experiment: { tables: [...tables.values()], skew: [...skew.values()] },
    schemaVersion: input.schemaVersion,
  };
  const contentHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  const finding: QueryFinding = {
    findingId: findingIdOf(signature.fingerprint, patterns.map((p) => p.pattern)),
    revision: input.revision,
    fingerprint: signature.fingerprint,
    normalizedSql: signature.normalizedSql,
    severity: patterns[0]?.severity ?? 'INFO',
    patterns,
    columns: content.columns,
    thresholds: content.thresholds,
    stats: {
      calls: input.stats?.weightedCalls ?? 0,
      meanMs: input.stats?.meanMs ?? null,
      p95Ms: input.stats?.p95Ms ?? null,
      totalMs: input.stats?.totalMs ?? null,
    },
    planExcerpt,
    experiment: content.experiment,
    schemaVersion: input.schemaVersion,
    detectedAt: input.detectedAt,
  };
  return { finding, contentHash };
}
