import type { ProposalSettings } from './proposal-settings.js';
import type { SkipReasonCode } from './skip-reason-code.js';

/** The frequency a pattern needs before it can become a proposal: calls, then share of the workload's time. */
export function frequencyGate(calls: number, share: number, settings: ProposalSettings): { readonly code: SkipReasonCode; readonly detail: string } | null {
  if (calls < settings.minCalls) return { code: 'BELOW_MIN_CALLS', detail: `${Math.round(calls)} calls, fewer than ${settings.minCalls}` };
  if (share < settings.minTimeShare) {
    return { code: 'BELOW_MIN_TIME_SHARE', detail: `${(share * 100).toFixed(2)}% of the workload's time, less than ${(settings.minTimeShare * 100).toFixed(2)}%` };
  }
  return null;
}
