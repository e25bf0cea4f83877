import { createHash } from 'node:crypto';
import type { BenchResult, Evidence, RewriteProposal, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';
import { renderDropIndex } from '../candidates/render-index-ddl.js';
import type { CandidateOutcomeRow } from '../catalog/evaluation-store.js';
import type { ClassFigure } from '../evaluate/compare-measurements.js';
import type { EvaluationCandidate } from '../evaluate/evaluation-candidate.js';
import type { JudgedCandidate } from '../evaluate/judge-evaluation.js';

export interface BuildContext {
  readonly requestId: string;
  readonly fingerprint: string;
  readonly findingIds: readonly string[];
  /** The statement as captured (the rollback of a rewrite). */
  readonly originalSql: string;
  readonly datasetId: string | null;
  readonly now: number;
}

export interface BuiltProposals {
  readonly proposals: readonly RewriteProposal[];
  /** One row per candidate (proposed or not, with its reason). */
  readonly outcomes: readonly CandidateOutcomeRow[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Stable id derived from the change itself: the same change proposed twice keeps its id. */
export function proposalIdOf(candidate: EvaluationCandidate, fingerprint: string): string {
  switch (candidate.kind) {
    case 'index':
      return `ix_${hash(candidate.createSql)}`;
    case 'drop-index':
      return `dx_${hash(`${candidate.existing.schema}.${candidate.existing.name}`)}`;
    default:
      return `rw_${hash(`${fingerprint}\u0000${candidate.sql}`)}`;
  }
}

function evidenceOf(figure: ClassFigure, fingerprint: string, guard: boolean): Evidence {
  return {
    fingerprint,
    parameterClass: figure.parameterClass,
    baselineMs: figure.baselineMs,
    candidateMs: figure.candidateMs,
    speedup: Number.isFinite(figure.speedup) ? figure.speedup : figure.baselineMs / 0.001,
    baselineP95Ms: figure.baselineP95Ms,
    candidateP95Ms: figure.candidateP95Ms,
    baselineTimedOut: figure.baselineTimedOut,
    guard,
    planChanged: !figure.samePlan,
  };
}

function planText(result: BenchResult, variantId: string): string | null {
  const rows = result.measurements.filter((m: VariantMeasurement) => m.variantId === variantId && m.fingerprint === null);
  if (rows.length === 0) return null;
  return rows.map((m) => `${m.parameterClass}: ${m.planShape.join(' > ') || '(no scan, join or sort)'}`).join('\n');
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/**
 * Turns judged candidates into proposals (kept ones) and outcome rows (all of them):
 * INDEX with its CREATE INDEX CONCURRENTLY and DROP rollback, DROP_INDEX for an existing
 * index the kept one makes redundant (rollback: the server's own definition, built
 * concurrently), REWRITE with the original statement as rollback, ADVISORY rewrites that
 * are never deployed. Evidence is baseline against candidate per parameter class for the
 * statement and for every guard statement measured.
 */
export function buildProposals(judged: readonly JudgedCandidate[], result: BenchResult, context: BuildContext): BuiltProposals {
  const proposals: RewriteProposal[] = [];
  const outcomes: CandidateOutcomeRow[] = [];
  const proposalOf = new Map<string, string>();
  const tablesOf = (candidate: EvaluationCandidate): string[] =>
    candidate.kind === 'index' ? [`${candidate.schema}.${candidate.index.table}`] : candidate.kind === 'drop-index' ? [`${candidate.existing.schema}.${candidate.existing.table}`] : [];
  const ordered = [...judged].sort((a, b) => (a.candidate.kind === 'drop-index' ? 1 : 0) - (b.candidate.kind === 'drop-index' ? 1 : 0));
  for (const { candidate, verdict } of ordered) {
    const proposalId = proposalIdOf(candidate, context.fingerprint);
    const sql = candidate.kind === 'index' ? candidate.createSql : candidate.kind === 'drop-index' ? renderDropIndex(candidate.existing.schema, candidate.existing.name, true) : candidate.sql;
    const rollbackSql =
      candidate.kind === 'index' ? candidate.dropSql : candidate.kind === 'drop-index' ? candidate.existing.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ') : context.originalSql;
    const figures: Record<string, unknown> = verdict.comparison ? { classes: verdict.comparison.classes, overall: verdict.comparison.overall, guards: verdict.guards } : {};
    if (candidate.kind === 'advisory') {
      proposals.push({
        proposalId,
        kind: 'REWRITE',
        status: 'ADVISORY',
        sql,
        rollbackSql,
        fingerprints: [context.fingerprint],
        findingIds: [...context.findingIds],
        tables: [],
        evidence: [],
        planBefore: null,
        planAfter: null,
        datasetId: context.datasetId,
        writeCost: null,
        confidence: 0,
        rationale: candidate.rationale,
        createdAt: context.now,
        replaces: [],
        serves: null,
      });
      outcomes.push({ requestId: context.requestId, candidateId: candidate.variantId, fingerprint: context.fingerprint, kind: 'REWRITE', sql, rollbackSql, outcome: 'advisory', reasonCode: 'ADVISORY_ONLY', reasonDetail: candidate.rule, figures, proposalId });
      continue;
    }
    const kind = candidate.kind === 'index' ? 'INDEX' : candidate.kind === 'drop-index' ? 'DROP_INDEX' : 'REWRITE';
    if (!verdict.accepted) {
      outcomes.push({ requestId: context.requestId, candidateId: candidate.variantId, fingerprint: context.fingerprint, kind, sql, rollbackSql, outcome: 'rejected', reasonCode: verdict.reason, reasonDetail: verdict.detail, figures, proposalId: null });
      continue;
    }
    const evidence = [
      ...verdict.comparison.classes.map((c) => evidenceOf(c, context.fingerprint, false)),
      ...verdict.guards.map((g) => evidenceOf(g, g.fingerprint, true)),
    ];
    const fingerprints = candidate.kind === 'index' ? [...new Set([context.fingerprint, ...verdict.guardsServed])] : [context.fingerprint];
    const speedups = verdict.comparison.classes.map((c) => `${c.parameterClass.toLowerCase().replace('_', ' ')} ×${fmt(c.speedup)}`).join(', ');
    let rationale: string;
    if (candidate.kind === 'index') {
      rationale = `${candidate.index.purpose} index ${candidate.name} on ${candidate.schema}.${candidate.index.table}: ${speedups} (geometric mean over classes ×${fmt(verdict.comparison.overall)})${
        verdict.guardsServed.length > 0 ? `; also speeds up ${verdict.guardsServed.length} other statement(s)` : ''
      }${verdict.writeCost !== null ? `; INSERT+UPDATE ×${verdict.writeCost.toFixed(2)} with it` : ''}${candidate.redundant.length > 0 ? `; makes ${candidate.redundant.map((r) => r.name).join(', ')} redundant` : ''}.`;
    } else if (candidate.kind === 'drop-index') {
      rationale = `${candidate.existing.schema}.${candidate.existing.name} is a prefix of ${proposalOf.get(candidate.basedOn) ?? candidate.basedOn}; measured without it, no statement slowed down. Never applied automatically.`;
    } else {
      rationale = `${candidate.rationale} Same rows for every parameter set (including NULLs, duplicates and empty results): ${speedups}.`;
    }
    const proposal: RewriteProposal = {
      proposalId,
      kind,
      status: 'PENDING',
      sql,
      rollbackSql,
      fingerprints,
      findingIds: [...context.findingIds],
      tables: tablesOf(candidate),
      evidence,
      planBefore: planText(result, candidate.kind === 'drop-index' ? candidate.basedOn : 'baseline'),
      planAfter: planText(result, candidate.variantId),
      datasetId: context.datasetId,
      writeCost: verdict.writeCost,
      confidence: verdict.confidence,
      rationale,
      createdAt: context.now,
      replaces: candidate.kind === 'index' ? candidate.redundant.map((r) => `${r.schema}.${r.name}`) : candidate.kind === 'drop-index' ? [`${candidate.existing.schema}.${candidate.existing.name}`] : [],
      serves: candidate.kind === 'drop-index' ? proposalOf.get(candidate.basedOn) ?? null : null,
    };
    proposalOf.set(candidate.variantId, proposalId);
    proposals.push(proposal);
    outcomes.push({ requestId: context.requestId, candidateId: candidate.variantId, fingerprint: context.fingerprint, kind, sql, rollbackSql, outcome: 'proposed', reasonCode: null, reasonDetail: null, figures, proposalId });
  }
  return { proposals, outcomes };
}
