import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { collectQueryFacts } from './ast/collect-query-facts.js';
import { parseSignatureSql } from './ast/parse-signature-sql.js';
import type { QueryFacts } from './ast/query-facts.js';
import { detectPatterns } from './detect/detect-patterns.js';
import type { SilenceNote } from './detect/detected-pattern.js';
import { isScan } from './plan/is-scan.js';
import { scanNodesOf } from './detect/scan-nodes-of.js';
import { isSeqScan } from './plan/is-seq-scan.js';
import { tableSize } from './detect/table-size.js';
import type { ExaminationOutcome } from './examination-outcome.js';
import type { GenericPlanRequest, GenericPlanResult } from './plan/generic-plan-source.js';
import type { WalkedPlan } from './plan/plan-node.js';
import { walkPlan } from './plan/walk-plan.js';
import type { SilenceReason } from './silence-reason.js';
import type { BurstState } from './stats/burst-tracker.js';
import type { StatsSummary } from './stats/stats-summary.js';

export interface ExamineInput {
  readonly signature: QuerySignature;
  readonly schema: SchemaModel;
  readonly config: ShadowtuneConfig;
  readonly stats: StatsSummary | null;
  readonly burst: BurstState | null;
  /** Plans a statement (cached by the caller); null when no database is available for plans. */
  readonly explain: ((request: GenericPlanRequest) => Promise<GenericPlanResult>) | null;
}

const NOTE_PRIORITY: readonly SilenceReason[] = ['SCAN_REQUIRED', 'ALREADY_INDEXED', 'SMALL_TABLE', 'BELOW_THRESHOLD'];

function silent(reason: SilenceReason, detail: string, facts: QueryFacts | null): ExaminationOutcome {
  return { kind: 'silent', reason, detail, facts };
}

async function planFor(input: ExamineInput, facts: QueryFacts): Promise<{ plan: WalkedPlan | null; failure: string | null }> {
  let failure: string | null = null;
  if (input.explain !== null) {
    const result = await input.explain({ sql: input.signature.normalizedSql, parameterCount: facts.parameterCount, parameterTypes: facts.parameterTypes });
    if (result.ok) {
      try {
        return { plan: walkPlan(result.plan), failure: null };
      } catch (error) {
        failure = `unreadable plan: ${(error as Error).message}`;
      }
    } else {
      failure = result.detail;
    }
  } else {
    failure = 'no database to plan on';
  }
  // auto_explain's plan from the log (literals stripped by capture) is the next best thing.
  if (input.signature.plan !== null) {
    try {
      return { plan: walkPlan(input.signature.plan), failure: null };
    } catch {
      // fall through with the first failure
    }
  }
  return { plan: null, failure };
}

function chooseSilence(input: ExamineInput, facts: QueryFacts, plan: WalkedPlan | null, notes: readonly SilenceNote[]): ExaminationOutcome {
  const thresholds = input.config.performanceThreshold;
  const largeRows = thresholds.largeTableRows;
  const known = facts.references.filter((r) => r.table !== null);
  if (known.length > 0 && known.every((r) => tableSize(r, largeRows) === 'small')) {
    return silent('SMALL_TABLE', `every table is below largeTableRows ${largeRows}`, facts);
  }
  for (const reason of NOTE_PRIORITY) {
    const note = notes.find((n) => n.reason === reason);
    if (note !== undefined) return silent(reason, note.detail, facts);
  }
  if (plan !== null) {
    const large = known.filter((r) => tableSize(r, largeRows) !== 'small');
    const scans = large.flatMap((r) => scanNodesOf(plan, r)).filter(isScan);
    if (scans.length > 0 && scans.every((s) => !isSeqScan(s))) return silent('ALREADY_INDEXED', 'every large table is read through an index', facts);
    const whole = scans.find((s) => isSeqScan(s) && s.filter === null);
    if (whole !== undefined) return silent('SCAN_REQUIRED', `the statement reads all of ${whole.schema ?? 'public'}.${whole.relationName} without a filter`, facts);
  }
  const mean = input.stats?.meanMs ?? null;
  if (mean !== null && mean >= thresholds.executionTimeMs) {
    return silent('NO_PATTERN_MATCHED', `mean ${mean.toFixed(1)} ms ≥ executionTimeMs ${thresholds.executionTimeMs}, no known pattern`, facts);
  }
  return silent('BELOW_THRESHOLD', `plan cost ${plan === null ? 'unknown' : plan.totalCost.toFixed(0)}, mean ${mean === null ? 'unknown' : `${mean.toFixed(1)} ms`}`, facts);
}

/**
 * Examines one fingerprint: parses the statement, resolves its tables and columns against
 * the schema model, plans it (generic plan), runs the pattern detectors and returns either
 * the patterns found or the reason there are none. Never throws for a bad statement (that
 * is a reason); only a failing plan connection propagates (retriable).
 */
export async function examineSignature(input: ExamineInput): Promise<ExaminationOutcome> {
  const parsed = parseSignatureSql(input.signature.normalizedSql);
  if (!parsed.ok) return silent(parsed.reason, parsed.detail, null);
  const settings = input.config.services.signatureAnalyzer;
  const facts = collectQueryFacts(parsed.kind, parsed.statement, input.schema, { searchPath: settings.searchPath });
  if (facts.references.length === 0) {
    return facts.unknownRelations.length > 0 ? silent('UNKNOWN_TABLE', `unknown ${facts.unknownRelations.join(', ')}`, facts) : silent('NO_TABLES', 'the statement reads no table', facts);
  }
  const unknown = facts.unknownRelations.filter((r) => !r.startsWith('pg_catalog.'));
  if (unknown.length > 0) return silent('UNKNOWN_TABLE', `not in the schema model: ${unknown.join(', ')}`, facts);
  if (facts.unknownRelations.length > 0 && facts.references.every((r) => r.table === null)) {
    return silent('SYSTEM_CATALOG', 'reads only system catalogs', facts);
  }
  if (facts.unknownColumns.length > 0) return silent('UNKNOWN_COLUMN', `no such column: ${facts.unknownColumns.join(', ')}`, facts);

  const { plan, failure } = await planFor(input, facts);
  const { hits, notes } = detectPatterns({
    facts,
    plan,
    thresholds: input.config.performanceThreshold,
    settings,
    stats: input.stats,
    burst: input.burst,
    parameters: input.signature.parameters,
    flags: input.signature.flags,
  });
  if (hits.length > 0) return { kind: 'finding', hits, facts, plan };
  if (plan === null) return silent('NO_PLAN', failure ?? 'no plan', facts);
  return chooseSilence(input, facts, plan, notes);
}
