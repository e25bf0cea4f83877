import { createHash } from 'node:crypto';

/** One key of a candidate index: a column or an expression rebuilt from the parse tree. */
export interface IndexKey {
  readonly column: string | null;
  /** Expression SQL (quoted identifiers) when the key is an expression. */
  readonly expression: string | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean | null;
  /** Operator class, e.g. gin_trgm_ops or text_pattern_ops; null for the default. */
  readonly opclass: string | null;
}

/**
 * The WHERE clause of a partial candidate: an IS [NOT] NULL test, or the exclusion of a
 * column's dominant value (`value` is its text form, known only under the productionValues
 * opt-in; `type` is the enum or domain it is cast to, null for a built-in type, whose
 * literal takes the column's type). The value is data: it goes into DDL, never into logs.
 */
export type IndexPredicate =
  | { readonly column: string; readonly test: 'IS NULL' | 'IS NOT NULL' }
  | { readonly column: string; readonly test: '<>'; readonly value: string; readonly type: { readonly schema: string; readonly name: string } | null };

export type IndexPurpose = 'equality' | 'equality-range' | 'equality-sort' | 'join' | 'covering' | 'partial' | 'expression' | 'trigram' | 'prefix-like' | 'or-arm';

/** An index the engine may propose, as a structure (the DDL is rendered from it). */
export interface IndexCandidate {
  readonly schema: string;
  readonly table: string;
  readonly method: 'btree' | 'gin';
  readonly keys: readonly IndexKey[];
  /** How many leading keys are equality (their order is free for serving purposes). */
  readonly equalityPrefix: number;
  readonly include: readonly string[];
  readonly predicate: IndexPredicate | null;
  readonly purpose: IndexPurpose;
  /** Fingerprints the index is meant to serve. */
  readonly fingerprints: readonly string[];
}

/** The predicate in words for signatures and names: an excluded value stands as a hash of itself, so no value reaches a log. */
export function predicateLabel(predicate: IndexPredicate): string {
  if (predicate.test !== '<>') return `${predicate.column} ${predicate.test}`;
  const type = predicate.type === null ? '' : `::${predicate.type.schema}.${predicate.type.name}`;
  return `${predicate.column} <> #${createHash('sha256').update(`${predicate.value}${type}`).digest('hex').slice(0, 12)}`;
}

/** A stable text form of what the index is (ignores purpose and fingerprints). */
export function indexSignature(candidate: IndexCandidate): string {
  const keys = candidate.keys.map((k) => `${k.column ?? k.expression}${k.descending ? ' desc' : ''}${k.nullsFirst === null ? '' : k.nullsFirst ? ' nf' : ' nl'}${k.opclass ? ` ${k.opclass}` : ''}`);
  return `${candidate.schema}.${candidate.table} ${candidate.method} (${keys.join(', ')}) include (${[...candidate.include].join(', ')}) where ${candidate.predicate ? predicateLabel(candidate.predicate) : '-'}`;
}
