import type { Severity } from '@shadowtune/shared/contracts/generated-types';

const ORDER: readonly Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function severityRank(severity: Severity): number {
  return ORDER.indexOf(severity);
}

/** MEDIUM, or HIGH when `value` reaches ten times `threshold`. */
export function severityByMargin(value: number, threshold: number): Severity {
  return value >= threshold * 10 ? 'HIGH' : 'MEDIUM';
}
