import type { IndexModel } from '@shadowtune/shared/schema-model/schema-model';
import type { IndexCandidate } from './index-candidate.js';
import { renderIndexPredicate } from './render-index-ddl.js';

/** An index in a form both existing indexes and candidates can be compared in. */
export interface ComparableIndex {
  readonly method: string;
  /** Key identities: a column name, or a loosely normalized expression. */
  readonly keys: readonly string[];
  readonly descending: readonly boolean[];
  readonly opclasses: readonly (string | null)[];
  readonly include: readonly string[];
  readonly predicate: string | null;
}

/** Loose normal form of an expression: no quotes, casts to text, parentheses or spaces. */
export function normalizeExpression(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/"/g, '')
    .replace(/::(text|character varying|varchar)/g, '')
    .replace(/cast\((.*) as (text|date|[a-z_.]+)\)/g, '$1::$2')
    .replace(/[()\s]/g, '');
}

const DEFAULT_OPCLASSES = /_ops$/;

export function comparableOfModel(index: IndexModel): ComparableIndex {
  return {
    method: index.method,
    keys: index.keyParts.map((k) => (k.column !== null ? k.column : normalizeExpression(k.expression ?? ''))),
    descending: index.keyParts.map((k) => k.descending),
    opclasses: index.keyParts.map((k) => (k.operatorClass && ['text_pattern_ops', 'varchar_pattern_ops', 'gin_trgm_ops', 'gist_trgm_ops'].includes(k.operatorClass) ? k.operatorClass : null)),
    include: index.include,
    predicate: index.predicate === null ? null : normalizeExpression(index.predicate),
  };
}

export function comparableOfCandidate(candidate: IndexCandidate): ComparableIndex {
  return {
    method: candidate.method,
    keys: candidate.keys.map((k) => (k.column !== null ? k.column : normalizeExpression(k.expression ?? ''))),
    descending: candidate.keys.map((k) => k.descending),
    opclasses: candidate.keys.map((k) => (k.opclass && DEFAULT_OPCLASSES.test(k.opclass) ? k.opclass : null)),
    include: candidate.include,
    // Rendered as the server prints it back (pg_get_expr), so an existing identical partial index is recognised.
    predicate: candidate.predicate ? normalizeExpression(renderIndexPredicate(candidate.predicate)) : null,
  };
}

/**
 * Whether `index` serves everything `candidate` is for: same method and predicate (an
 * unpartial index serves a partial candidate's queries too), the candidate's equality keys
 * as the index's leading keys in any order, the candidate's other keys next in order (all
 * directions the same or all reversed: a backward scan), same operator classes, and its
 * INCLUDE columns somewhere in the index.
 */
export function indexServes(index: ComparableIndex, candidate: ComparableIndex, equalityPrefix: number): boolean {
  if (index.method !== candidate.method) return false;
  if (index.predicate !== null && index.predicate !== candidate.predicate) return false;
  if (index.keys.length < candidate.keys.length) return false;
  if (index.method !== 'btree') {
    return candidate.keys.every((key, i) => index.keys.includes(key) && (index.opclasses[index.keys.indexOf(key)] ?? null) === (candidate.opclasses[i] ?? null));
  }
  const leading = new Set(index.keys.slice(0, equalityPrefix));
  for (let i = 0; i < equalityPrefix; i += 1) {
    if (!leading.has(candidate.keys[i]!)) return false;
  }
  let reversed: boolean | null = null;
  for (let i = equalityPrefix; i < candidate.keys.length; i += 1) {
    if (index.keys[i] !== candidate.keys[i]) return false;
    const flip = index.descending[i] !== candidate.descending[i];
    if (reversed === null) reversed = flip;
    else if (reversed !== flip) return false;
  }
  for (let i = 0; i < candidate.keys.length; i += 1) {
    const at = index.keys.indexOf(candidate.keys[i]!);
    if ((index.opclasses[at] ?? null) !== (candidate.opclasses[i] ?? null)) return false;
  }
  const covered = new Set([...index.keys, ...index.include]);
  return candidate.include.every((column) => covered.has(column));
}
