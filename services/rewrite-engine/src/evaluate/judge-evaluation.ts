import type { BenchResult } from '@shadowtune/shared/contracts/generated-types';
import type { EvaluationCandidate } from './evaluation-candidate.js';
import { judgeCandidate, type JudgeOptions, type Verdict } from './judge-candidate.js';

export interface JudgedCandidate {
  readonly candidate: EvaluationCandidate;
  readonly verdict: Verdict;
}

function served(candidate: EvaluationCandidate, verdict: Verdict): number {
  if (candidate.kind !== 'index' || !verdict.accepted) return 0;
  return new Set([...candidate.index.fingerprints, ...verdict.guardsServed]).size;
}

/** INCLUDE columns: stored only to save heap visits, worth their size only when clearly faster. */
function widthOf(candidate: EvaluationCandidate): number {
  return candidate.kind === 'index' ? candidate.index.include.length : 0;
}

/** A partial index (fewer rows to store and to maintain on writes) is preferred to a full one that measures the same. */
function partialOf(candidate: EvaluationCandidate): number {
  return candidate.kind === 'index' && candidate.index.predicate !== null ? 1 : 0;
}

const overallOf = (verdict: Verdict) => (verdict.accepted ? verdict.comparison.overall : 0);
const writeCostOf = (verdict: Verdict) => (verdict.accepted ? (verdict.writeCost ?? null) : null);

/**
 * The least speed-up that still competes with the fastest: 80% of it, lowered in proportion
 * when the candidate's measured write cost is lower (an index ×15 faster that slows writes
 * ×1.04 competes with one ×20 faster that slows them ×1.52; sub-millisecond timings are
 * too noisy for 20% alone to decide between two indexes that both solve the problem).
 */
function floorFor(fastest: Verdict, other: Verdict): number {
  const [fastestCost, otherCost] = [writeCostOf(fastest), writeCostOf(other)];
  const cheaper = fastestCost !== null && otherCost !== null && otherCost < fastestCost ? otherCost / fastestCost : 1;
  return 0.8 * cheaper * overallOf(fastest);
}

/**
 * Judges every candidate of an evaluation, then keeps one per kind and table: among the
 * accepted indexes of a table within 20% of the fastest (more when they are cheaper to
 * write, see floorFor), the one serving the most
 * statements (one index serving several queries beats several), then the one with the
 * fewest INCLUDE columns (less to write and store), then a partial one over a full one
 * (a partial index leaving out a dominant value is a fraction of the size), else the fastest; the fastest accepted
 * rewrite; the others are rejected as DOMINATED. An index removal is judged only when the index that makes
 * it redundant is the one kept.
 */
export function judgeEvaluation(candidates: readonly EvaluationCandidate[], result: BenchResult, options: JudgeOptions): JudgedCandidate[] {
  const judged: JudgedCandidate[] = candidates
    .filter((c) => c.kind === 'index' || c.kind === 'rewrite')
    .map((candidate) => ({
      candidate,
      verdict: judgeCandidate({
        variantId: candidate.variantId,
        againstVariantId: 'baseline',
        kind: candidate.kind === 'index' ? 'index' : 'rewrite',
        result,
        indexNames: candidate.kind === 'index' ? [candidate.name] : [],
        options,
      }),
    }));

  const dominate = (group: JudgedCandidate[], label: (j: JudgedCandidate) => string) => {
    const accepted = group.filter((j) => j.verdict.accepted).sort((a, b) => overallOf(b.verdict) - overallOf(a.verdict));
    if (accepted.length <= 1) return;
    // Within reach of the fastest (floorFor), an index serving more statements wins, then one with fewer INCLUDE columns, then a partial one.
    const fastest = accepted[0]!;
    let best = fastest;
    for (const other of accepted.slice(1)) {
      if (overallOf(other.verdict) < floorFor(fastest.verdict, other.verdict)) continue;
      const more = served(other.candidate, other.verdict) - served(best.candidate, best.verdict);
      const narrower = widthOf(best.candidate) - widthOf(other.candidate);
      if (more > 0 || (more === 0 && (narrower > 0 || (narrower === 0 && partialOf(other.candidate) > partialOf(best.candidate))))) best = other;
    }
    for (const other of accepted) {
      if (other === best) continue;
      const i = judged.indexOf(other);
      judged[i] = {
        candidate: other.candidate,
        verdict: {
          accepted: false,
          reason: 'DOMINATED',
          detail: `${label(best)} did ×${overallOf(best.verdict).toFixed(2)} (this one ×${overallOf(other.verdict).toFixed(2)})`,
          comparison: other.verdict.accepted ? other.verdict.comparison : null,
          guards: other.verdict.guards,
        },
      };
    }
  };
  const byTable = new Map<string, JudgedCandidate[]>();
  for (const j of judged) {
    if (j.candidate.kind !== 'index') continue;
    const key = `${j.candidate.schema}.${j.candidate.index.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), j]);
  }
  for (const group of byTable.values()) dominate(group, (j) => (j.candidate.kind === 'index' ? j.candidate.name : j.candidate.variantId));
  dominate(
    judged.filter((j) => j.candidate.kind === 'rewrite'),
    (j) => (j.candidate.kind === 'rewrite' ? j.candidate.rule : j.candidate.variantId),
  );

  for (const candidate of candidates) {
    if (candidate.kind === 'advisory') {
      judged.push({ candidate, verdict: { accepted: false, reason: 'ADVISORY_ONLY', detail: candidate.rationale, comparison: null, guards: [] } });
    } else if (candidate.kind === 'drop-index') {
      const base = judged.find((j) => j.candidate.variantId === candidate.basedOn);
      const verdict: Verdict =
        base && base.verdict.accepted
          ? judgeCandidate({ variantId: candidate.variantId, againstVariantId: candidate.basedOn, kind: 'drop-index', result, indexNames: [], options })
          : { accepted: false, reason: 'BASE_INDEX_NOT_PROPOSED', detail: `${candidate.basedOn} was not kept`, comparison: null, guards: [] };
      judged.push({ candidate, verdict });
    }
  }
  return judged;
}
