/** A table of the schema model, by schema and name. */
export interface TableName {
  readonly schema: string;
  readonly name: string;
}

/** A column of a table the schema model has. */
export interface ColumnUse {
  readonly table: TableName;
  readonly column: string;
}

/** How a filter compares a column. */
export type FilterOperator = 'eq' | 'range' | 'in' | 'like' | 'null' | 'other';

/** One comparison of a column (possibly cast) with placeholders or constants. */
export interface FilterUse {
  readonly column: ColumnUse;
  readonly operator: FilterOperator;
  /** For ranges: which bound this comparison sets (BETWEEN sets both). */
  readonly bound: 'lower' | 'upper' | 'both' | null;
  /** Placeholders ($n) on the other side. */
  readonly params: readonly number[];
  /** Type the column is cast to (`ref::int = $1` → int4), lower-case, or null. */
  readonly castType: string | null;
  /** A conjunct of the WHERE/ON clause (false inside OR / NOT). */
  readonly topLevel: boolean;
}

/** An equality between columns of two different tables (a join predicate). */
export interface JoinUse {
  readonly left: ColumnUse;
  readonly right: ColumnUse;
}

/** The key of a JSON read: a constant in the statement, or a placeholder (capture strips constants). */
export type JsonKey = { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'param'; readonly position: number };

/** `col->>'key'` or `col->'key'` on a column of a known table. */
export interface JsonKeyRead {
  readonly column: ColumnUse;
  readonly operator: '->>' | '->';
  readonly key: JsonKey;
  readonly role: 'filter' | 'projection' | 'order' | 'group';
  /** Placeholders the read is compared with (filters). */
  readonly comparedParams: readonly number[];
  readonly filterOperator: FilterOperator | null;
  /** Type the read is cast to (`(payload->>'n')::int`), or null. */
  readonly castType: string | null;
}

/** A column the statement names that its table does not have (or of a table the schema lacks). */
export interface MissingColumnUse {
  readonly table: TableName;
  readonly tableKnown: boolean;
  readonly column: string;
  /** Placeholders it is compared with or assigned from. */
  readonly params: readonly number[];
  /** A known column it is joined with (its type is a good guess). */
  readonly joinedWith: ColumnUse | null;
  /** Type it is cast to, or its value's cast, when written. */
  readonly castType: string | null;
}

/** A column an INSERT or UPDATE writes. */
export interface WrittenColumn extends ColumnUse {
  readonly params: readonly number[];
}

/** Everything the data pattern analyzer reads from one statement. */
export interface StatementUsage {
  readonly kind: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'OTHER';
  /** Tables of the schema model the statement reads or writes. */
  readonly tables: readonly TableName[];
  /** Tables it names that the schema model lacks (schema as written, or the first of the search path). */
  readonly missingTables: readonly TableName[];
  readonly filters: readonly FilterUse[];
  readonly joins: readonly JoinUse[];
  /** Plain columns of the output (select list, RETURNING). */
  readonly projections: readonly ColumnUse[];
  /** Tables whose every column is output (`*`, `t.*`). */
  readonly stars: readonly TableName[];
  readonly orderBy: readonly ColumnUse[];
  readonly groupBy: readonly ColumnUse[];
  readonly jsonReads: readonly JsonKeyRead[];
  readonly missingColumns: readonly MissingColumnUse[];
  /** Columns written by INSERT or UPDATE, with the placeholders written into them. */
  readonly writtenColumns: readonly WrittenColumn[];
}
