import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { AstNode } from './ast-node.js';

/** A table named in FROM/JOIN/UPDATE/DELETE, resolved against the schema model. */
export interface TableReference {
  /** Name the statement uses for it: the alias, or the table name. */
  readonly alias: string;
  readonly schema: string | null;
  readonly name: string;
  /** null when the schema model has no such table. */
  readonly table: TableModel | null;
  /** Select level the reference belongs to (0 = the statement's top level). */
  readonly scope: number;
}

export interface ColumnOf {
  readonly reference: TableReference;
  readonly column: string;
}

/** What stands on the other side of a comparison. */
export type OperandKind = 'param' | 'const' | 'column' | 'value-expression' | 'subquery' | 'list' | 'unknown';

/** A function, cast or arithmetic that wraps a column and keeps a plain index from serving the predicate. */
export interface ColumnWrapper {
  readonly kind: 'function' | 'cast' | 'arithmetic' | 'expression';
  /** Function name, target type or operator. */
  readonly name: string;
  /** The wrapped expression's parse tree (to compare with expression indexes). */
  readonly expression: AstNode;
}

export type LeadingWildcard = 'yes' | 'no' | 'unknown';

/** One comparison involving a column of a known table. */
export interface PredicateFact {
  readonly scope: number;
  readonly column: ColumnOf;
  /** =, <>, <, <=, >, >=, IN, NOT IN, ANY, BETWEEN, LIKE, ILIKE, NOT LIKE, NOT ILIKE, IS NULL, IS NOT NULL, ... */
  readonly operator: string;
  readonly role: 'FILTER' | 'JOIN';
  readonly wrapper: ColumnWrapper | null;
  readonly other: {
    readonly kind: OperandKind;
    /** For a column on the other side (a join). */
    readonly column: ColumnOf | null;
    /** Type the other side is cast to (`$1::numeric`), lower-cased, or null. */
    readonly castType: string | null;
    /** Placeholders ($n) on the other side. */
    readonly params: readonly number[];
  };
  /** A conjunct of the WHERE/ON clause (false inside OR or NOT). */
  readonly topLevel: boolean;
  /** For LIKE/ILIKE: whether the pattern starts with a wildcard. */
  readonly leadingWildcard: LeadingWildcard | null;
}

export interface OrGroupFact {
  readonly scope: number;
  /** Per OR arm: the columns it references (plain or wrapped) and the predicates inside it. */
  readonly arms: readonly { readonly columns: readonly ColumnOf[]; readonly predicates: readonly PredicateFact[] }[];
}

export interface NotInSubqueryFact {
  readonly scope: number;
  /** The tested column, when it is a plain column. */
  readonly column: ColumnOf | null;
  /** Table and column the subquery selects, when it selects one plain column of one table. */
  readonly subqueryColumn: ColumnOf | null;
}

export interface SortKeyFact {
  readonly column: ColumnOf | null;
  readonly descending: boolean;
}

export type LimitValue = { readonly kind: 'const'; readonly value: number } | { readonly kind: 'param'; readonly position: number } | { readonly kind: 'other' } | null;

export interface StarFact {
  readonly scope: number;
  /** Tables the star expands to. */
  readonly references: readonly TableReference[];
  /** True for the statement's own output (not inside EXISTS or a subquery). */
  readonly inOutput: boolean;
}

/** Everything the detectors read from one statement's parse tree. */
export interface QueryFacts {
  readonly statementKind: 'SELECT' | 'UPDATE' | 'DELETE';
  readonly references: readonly TableReference[];
  /** Relations the schema model does not have (schema.table as written). */
  readonly unknownRelations: readonly string[];
  /** alias.column references to known tables that have no such column. */
  readonly unknownColumns: readonly string[];
  readonly predicates: readonly PredicateFact[];
  readonly orGroups: readonly OrGroupFact[];
  readonly notInSubqueries: readonly NotInSubqueryFact[];
  readonly stars: readonly StarFact[];
  /** Top-level ORDER BY. */
  readonly sortKeys: readonly SortKeyFact[];
  readonly groupColumns: readonly ColumnOf[];
  readonly projectionColumns: readonly ColumnOf[];
  readonly limit: LimitValue;
  readonly offset: LimitValue;
  /** Top level aggregates without GROUP BY (one row out). */
  readonly aggregatesOnly: boolean;
  readonly hasGroupBy: boolean;
  /** Set operations, CTEs, window functions or DISTINCT at the top level. */
  readonly complexTopLevel: boolean;
  /** Type per placeholder inferred from what it is compared with (format_type text), for PREPARE. */
  readonly parameterTypes: ReadonlyMap<number, string>;
  readonly parameterCount: number;
}
