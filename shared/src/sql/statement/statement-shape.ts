import type { TableModel } from '../../schema-model/schema-model.js';

/** A table named in a FROM list (or the target of UPDATE/DELETE/INSERT), at some select level. */
export interface TableUse {
  /** Unique within the statement: `<scope>:<alias>`. */
  readonly id: string;
  /** Name the statement uses for it: the alias, or the table name. */
  readonly alias: string;
  readonly schema: string;
  readonly name: string;
  /** null when the schema model has no such table (or no model was given). */
  readonly table: TableModel | null;
  /** Select level (0 = the statement's top level; subqueries get their own). */
  readonly scope: number;
}

/** What stands on the indexed side of a predicate: a plain column or an expression over one table's columns. */
export type Target =
  | { readonly kind: 'column'; readonly tableId: string; readonly column: string }
  | {
      readonly kind: 'expression';
      readonly tableId: string;
      /** Columns the expression reads. */
      readonly columns: readonly string[];
      /** The expression rebuilt from the parse tree with quoted, unqualified identifiers (usable in CREATE INDEX and in SELECT ... FROM the table). */
      readonly sql: string;
      /** Outermost function, cast type or operator (lower, date, ::date, +). */
      readonly wrapper: string;
    };

export type PredicateKind = 'equality' | 'range' | 'like' | 'null-test' | 'join' | 'other';

/** One comparison on a table's column (or expression) at some select level. */
export interface Predicate {
  readonly target: Target;
  /** =, <, <=, >, >=, <>, IN, ANY, BETWEEN, LIKE, ILIKE, IS NULL, IS NOT NULL, ... */
  readonly operator: string;
  readonly kind: PredicateKind;
  /** Placeholders on the other side, in order (two for BETWEEN). */
  readonly params: readonly number[];
  /** For a join: the column on the other side. */
  readonly other: { readonly tableId: string; readonly column: string } | null;
  /** A conjunct of its WHERE/ON clause (false inside OR and NOT). */
  readonly conjunct: boolean;
  readonly scope: number;
}

export interface SortKey {
  readonly target: Target | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean | null;
}

export type ParameterRole = 'compare' | 'like' | 'limit' | 'offset' | 'insert-value' | 'set-value' | 'array' | 'other';

/** What a placeholder is bound to, so a value of the right column and shape can be drawn for it. */
export interface ParameterBinding {
  readonly position: number;
  readonly role: ParameterRole;
  readonly target: Target | null;
  readonly operator: string | null;
  /** For BETWEEN and two-sided ranges: which end. */
  readonly bound: 'low' | 'high' | null;
}

/** Everything the bench and the engine read from one statement's parse tree. */
export interface StatementShape {
  readonly kind: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'OTHER';
  readonly tables: readonly TableUse[];
  readonly predicates: readonly Predicate[];
  /** OR groups of conjuncts, each arm's predicates. */
  readonly orGroups: readonly { readonly scope: number; readonly arms: readonly (readonly Predicate[])[] }[];
  /** Top-level ORDER BY. */
  readonly sort: readonly SortKey[];
  readonly hasLimit: boolean;
  readonly hasOffset: boolean;
  /** Columns referenced anywhere, per table id (for covering indexes). */
  readonly referencedColumns: ReadonlyMap<string, ReadonlySet<string>>;
  /** Table ids whose columns are all read (`*` or `t.*`). */
  readonly starTables: ReadonlySet<string>;
  readonly groupBy: readonly Target[];
  readonly parameters: readonly ParameterBinding[];
  /** Highest placeholder number. */
  readonly parameterCount: number;
  /** Relations named that the schema model does not have (schema.table). */
  readonly unknownRelations: readonly string[];
  /** Set operations, CTEs, window functions or DISTINCT at the top level. */
  readonly complexTopLevel: boolean;
}
