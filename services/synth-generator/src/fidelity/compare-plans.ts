import type { PlanNodeSummary } from './plan-node-summary.js';

export interface PlanComparison {
  readonly sameShape: boolean;
  /** Largest ratio between row estimates of matched nodes (>= 1), or null when none matched. */
  readonly rowEstimateRatio: number | null;
  readonly notes: readonly string[];
}

const describe = (n: PlanNodeSummary): string => `${n.nodeType}${n.index !== null ? ` using ${n.index}` : ''}${n.relation !== null ? ` on ${n.relation}` : ''}`;

/**
 * Compares the shadow's plan with a reference (production's plan, or the finding's excerpt
 * when `excerpt`): same node types, tables and indexes in the same order (for an excerpt:
 * each of its nodes found in the shadow's plan, in order), and the row estimates of the
 * nodes matched that way.
 */
export function comparePlans(shadow: readonly PlanNodeSummary[], reference: readonly PlanNodeSummary[], excerpt: boolean): PlanComparison {
  const notes: string[] = [];
  let ratio: number | null = null;
  const track = (a: PlanNodeSummary, b: PlanNodeSummary): void => {
    if (a.planRows === null || b.planRows === null) return;
    const r = Math.max(a.planRows, b.planRows) / Math.max(1, Math.min(a.planRows, b.planRows));
    if (ratio === null || r > ratio) ratio = r;
  };
  if (!excerpt) {
    const sameShape = shadow.length === reference.length && shadow.every((n, i) => describe(n) === describe(reference[i] as PlanNodeSummary) && n.depth === reference[i]?.depth);
    if (sameShape) shadow.forEach((n, i) => track(n, reference[i] as PlanNodeSummary));
    else notes.push(`plan shape differs: shadow [${shadow.map(describe).join(', ')}] vs production [${reference.map(describe).join(', ')}]`);
    return { sameShape, rowEstimateRatio: ratio, notes };
  }
  let cursor = 0;
  let sameShape = true;
  for (const wanted of reference) {
    const index = shadow.findIndex((n, i) => i >= cursor && n.nodeType === wanted.nodeType && (wanted.relation === null || n.relation === wanted.relation) && (wanted.index === null || n.index === wanted.index));
    if (index < 0) {
      sameShape = false;
      notes.push(`the finding's plan has ${describe(wanted)}; the shadow's does not`);
      continue;
    }
    track(shadow[index] as PlanNodeSummary, wanted);
    cursor = index + 1;
  }
  return { sameShape, rowEstimateRatio: ratio, notes };
}
