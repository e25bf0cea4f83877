import type { Severity } from '@shadowtune/shared/contracts/generated-types';

/** MEDIUM, or HIGH when `value` reaches ten times `threshold`. */
export function severityByMargin(value: number, threshold: number): Severity {
  return value >= threshold * 10 ? 'HIGH' : 'MEDIUM';
}
