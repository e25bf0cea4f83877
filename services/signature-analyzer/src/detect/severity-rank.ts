import type { Severity } from '@shadowtune/shared/contracts/generated-types';

const ORDER: readonly Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** 0 for INFO up to 4 for CRITICAL. */
export function severityRank(severity: Severity): number {
  return ORDER.indexOf(severity);
}
