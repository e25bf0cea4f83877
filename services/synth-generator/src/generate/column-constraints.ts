import type { CheckRule, ComparisonOperator } from '../schema/check-rule.js';

/** What the CHECKs (and a domain's CHECKs) demand of one column's values. */
export interface ColumnConstraints {
  readonly comparisons: readonly { readonly operator: ComparisonOperator; readonly literal: string }[];
  /** Intersection of IN-lists, or null when there is none. */
  readonly allowed: readonly string[] | null;
  readonly excluded: readonly string[];
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly notNull: boolean;
}

export const NO_CONSTRAINTS: ColumnConstraints = { comparisons: [], allowed: null, excluded: [], minLength: null, maxLength: null, notNull: false };

/** Merges the rules naming `column` (case-sensitive, as the catalog prints it). */
export function collectColumnConstraints(rules: readonly CheckRule[], column: string, base: ColumnConstraints = NO_CONSTRAINTS): ColumnConstraints {
  const comparisons = [...base.comparisons];
  let allowed = base.allowed === null ? null : [...base.allowed];
  const excluded = [...base.excluded];
  let minLength = base.minLength;
  let maxLength = base.maxLength;
  let notNull = base.notNull;
  const tighten = (current: number | null, next: number, pick: (a: number, b: number) => number): number => (current === null ? next : pick(current, next));
  for (const rule of rules) {
    if (rule.kind === 'column-compare' || rule.column !== column) continue;
    switch (rule.kind) {
      case 'compare':
        if (rule.operator === '=') allowed = allowed === null ? [rule.literal] : allowed.filter((v) => v === rule.literal);
        else if (rule.operator === '<>') excluded.push(rule.literal);
        else comparisons.push({ operator: rule.operator, literal: rule.literal });
        break;
      case 'in':
        allowed = allowed === null ? [...new Set(rule.literals)] : allowed.filter((v) => rule.literals.includes(v));
        break;
      case 'not-in':
        excluded.push(...rule.literals);
        break;
      case 'length': {
        const n = rule.length;
        if (rule.operator === '=' ) {
          minLength = tighten(minLength, n, Math.max);
          maxLength = tighten(maxLength, n, Math.min);
        } else if (rule.operator === '>') minLength = tighten(minLength, n + 1, Math.max);
        else if (rule.operator === '>=') minLength = tighten(minLength, n, Math.max);
        else if (rule.operator === '<') maxLength = tighten(maxLength, n - 1, Math.min);
        else if (rule.operator === '<=') maxLength = tighten(maxLength, n, Math.min);
        break;
      }
      case 'not-null':
        notNull = true;
        break;
    }
  }
  return { comparisons, allowed, excluded, minLength, maxLength, notNull };
}
