import type { LatencyWindow } from '../catalog/latency-store.js';

export interface WatchInput {
  readonly appliedAt: number;
  readonly windowMs: number;
  readonly now: number;
  readonly minCalls: number;
  readonly regressionFactor: number;
  readonly fingerprints: readonly { readonly fingerprint: string; readonly before: LatencyWindow; readonly after: LatencyWindow }[];
}

export interface WatchVerdict {
  readonly verdict: 'watching' | 'kept' | 'regressed' | 'no-baseline';
  readonly detail: string;
  readonly beforeMeanMs: number | null;
  readonly afterMeanMs: number | null;
  readonly beforeCalls: number;
  readonly afterCalls: number;
}

const mean = (w: LatencyWindow) => (w.calls > 0 ? w.totalMs / w.calls : null);

/**
 * Compares production latency of the affected fingerprints over a window before and after
 * a change. A fingerprint with enough calls on both sides whose mean grew by more than the
 * regression factor makes the verdict `regressed` at once (no need to wait for the end of
 * the window); at the end of the window the change is `kept`, or `no-baseline` when no
 * fingerprint had enough calls to compare.
 */
export function judgeWatch(input: WatchInput): WatchVerdict {
  let compared = 0;
  let worst: { fingerprint: string; ratio: number; before: number; after: number; calls: number } | null = null;
  let beforeCalls = 0;
  let afterCalls = 0;
  let beforeTotal = 0;
  let afterTotal = 0;
  for (const f of input.fingerprints) {
    beforeCalls += f.before.calls;
    afterCalls += f.after.calls;
    beforeTotal += f.before.totalMs;
    afterTotal += f.after.totalMs;
    const before = mean(f.before);
    const after = mean(f.after);
    if (before === null || after === null || f.before.calls < input.minCalls || f.after.calls < input.minCalls) continue;
    compared += 1;
    const ratio = before > 0 ? after / before : after > 0 ? Number.POSITIVE_INFINITY : 1;
    if (!worst || ratio > worst.ratio) worst = { fingerprint: f.fingerprint, ratio, before, after, calls: f.after.calls };
  }
  const figures = {
    beforeMeanMs: beforeCalls > 0 ? beforeTotal / beforeCalls : null,
    afterMeanMs: afterCalls > 0 ? afterTotal / afterCalls : null,
    beforeCalls,
    afterCalls,
  };
  if (worst && worst.ratio > input.regressionFactor) {
    return {
      verdict: 'regressed',
      detail: `production latency of ${worst.fingerprint} went from ${worst.before.toFixed(2)} ms to ${worst.after.toFixed(2)} ms (×${worst.ratio.toFixed(2)} > ×${input.regressionFactor}) over ${Math.round(worst.calls)} calls`,
      ...figures,
    };
  }
  if (input.now < input.appliedAt + input.windowMs) return { verdict: 'watching', detail: 'window not over', ...figures };
  if (compared === 0) return { verdict: 'no-baseline', detail: 'not enough calls before and after to compare', ...figures };
  return { verdict: 'kept', detail: worst ? `worst ×${worst.ratio.toFixed(2)} (${worst.fingerprint})` : 'no regression', ...figures };
}
