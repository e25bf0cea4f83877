/**
 * What shadowtune knows about a database's schema and statistics. Built by
 * introspect-schema.ts from a live connection (production through the read-only role,
 * or a shadow loaded from a schema file). It holds shapes and frequencies, not values:
 * pg_stats' histogram_bounds are never read, most_common_vals only when the operator opts in
 * (config productionValues.mostCommonValues; ColumnStats.mostCommonValues is null otherwise).
 */
export interface SchemaModel {
  /** Hash of the structural part (not the statistics); changes when the schema changes. */
  readonly version: string;
  /** server_version_num of the introspected server. */
  readonly serverVersion: number;
  readonly tables: readonly TableModel[];
  readonly enums: readonly EnumModel[];
  readonly domains: readonly DomainModel[];
  readonly sequences: readonly SequenceModel[];
  /** Installed extensions (pg_trgm, hypopg, ...). */
  readonly extensions: readonly string[];
}

export type RelationKind = 'table' | 'partitioned-table' | 'view' | 'materialized-view' | 'foreign-table';

export interface TableModel {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly columns: readonly ColumnModel[];
  /** Primary key columns in key order, or null. */
  readonly primaryKey: readonly string[] | null;
  readonly uniqueConstraints: readonly UniqueConstraintModel[];
  readonly checks: readonly CheckConstraintModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly indexes: readonly IndexModel[];
  /** Set on a partitioned table (its key) and on a partition (its parent and bound). */
  readonly partitioning: PartitioningModel | null;
  readonly stats: TableStats;
}

export interface ColumnModel {
  readonly name: string;
  /** attnum: 1-based position. */
  readonly position: number;
  /** format_type(): e.g. `character varying(80)`, `numeric(12,2)`, `integer[]`, `public.order_status`. */
  readonly dataType: string;
  /** Base type name without modifiers or array brackets: `varchar`, `numeric`, `int4`, or the enum/domain name. */
  readonly typeName: string;
  /**
   * Schema of the type named by typeName (`pg_catalog` for built-in types), to find an
   * enum or domain in `enums`/`domains` unambiguously. Added after v1; always set by
   * introspectSchema.
   */
  readonly typeSchema?: string;
  /**
   * pg_type.typcategory of the element type: N numeric, S string, B boolean, D date/time, U user
   * (uuid, json, jsonb, bytea), E enum, A array, I network, T timespan, C composite, ...
   * A domain has its base type's category (so a domain over an array is A with isArray false).
   */
  readonly typeCategory: string;
  /** True for `T[]` columns (typeName is then T); false for a domain over an array. */
  readonly isArray: boolean;
  /** False when the column is NOT NULL or its domain is NOT NULL. */
  readonly nullable: boolean;
  /** Default expression as the server prints it, or null. */
  readonly defaultExpression: string | null;
  readonly identity: 'always' | 'by-default' | null;
  /** Expression of a generated column (stored, or virtual on PostgreSQL 18+), or null. */
  readonly generatedExpression: string | null;
  /** How a generated column is kept; null for an ordinary column. Added after v1; always set by introspectSchema. */
  readonly generatedStorage?: 'stored' | 'virtual' | null;
  /** Length limit of varchar(n)/char(n) (seen through a domain, and for arrays of them), or null. */
  readonly maxLength: number | null;
  /** Declared precision and scale of numeric(p,s) (seen through a domain), else null; integers and floats have null. */
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
  readonly stats: ColumnStats | null;
}

/** pg_stats figures; values only under the operator's opt-in (mostCommonValues). */
export interface ColumnStats {
  readonly nullFraction: number;
  /** pg semantics: > 0 an absolute count, < 0 minus the fraction of rows. */
  readonly nDistinct: number;
  /** Frequencies of the most common values, most frequent first (the values themselves are not read). */
  readonly mostCommonFrequencies: readonly number[];
  /**
   * The most common values in their text form (what the type's output function prints,
   * under ISO DateStyle and UTC), aligned with mostCommonFrequencies. Null when they were not
   * read (the default: without the opt-in no value is read) or do not pair with the
   * frequencies. Added after v1: absent in older models, which means not read. Data values:
   * never log them.
   */
  readonly mostCommonValues?: readonly string[] | null;
  readonly correlation: number | null;
  readonly averageWidth: number;
}

export interface UniqueConstraintModel {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface CheckConstraintModel {
  readonly name: string;
  /** pg_get_constraintdef(), e.g. `CHECK ((price >= (0)::numeric))`. */
  readonly definition: string;
  /** Columns the check references. */
  readonly columns: readonly string[];
}

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: 'no-action' | 'restrict' | 'cascade' | 'set-null' | 'set-default';
  readonly onUpdate: 'no-action' | 'restrict' | 'cascade' | 'set-null' | 'set-default';
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly validated: boolean;
}

export interface IndexKeyPart {
  /** Column name, or null for an expression part. */
  readonly column: string | null;
  /** Expression text for an expression part (e.g. `lower((email)::text)`), or null. */
  readonly expression: string | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /**
   * Operator class name (`int4_ops`, `text_pattern_ops`, `gin_trgm_ops`, ...): tells which
   * operators the part can serve. Added after v1; always set by introspectSchema.
   */
  readonly operatorClass?: string;
}

export interface IndexModel {
  readonly name: string;
  /** btree, hash, gin, gist, brin, spgist. */
  readonly method: string;
  readonly keyParts: readonly IndexKeyPart[];
  /** INCLUDE columns. */
  readonly include: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
  /** WHERE clause of a partial index, or null. */
  readonly predicate: string | null;
  /** False for an INVALID index left by a failed CREATE INDEX CONCURRENTLY. */
  readonly valid: boolean;
  /** pg_get_indexdef(). */
  readonly definition: string;
  readonly sizeBytes: number;
}

export interface PartitioningModel {
  /** On a partitioned table: range, list or hash; null on a plain partition. */
  readonly strategy: 'range' | 'list' | 'hash' | null;
  /** pg_get_partkeydef() on a partitioned table, or null. */
  readonly key: string | null;
  /** `schema.table` of the parent when this table is a partition, or null. */
  readonly parent: string | null;
  /** The parent's schema and name, unambiguous even when names contain dots. Added after v1; always set by introspectSchema. */
  readonly parentSchema?: string | null;
  readonly parentName?: string | null;
  /** pg_get_expr(relpartbound) when this table is a partition, or null. */
  readonly bound: string | null;
}

export interface TableStats {
  /** reltuples (or an exact count when the caller asked for one); -1 when never analyzed. */
  readonly rowEstimate: number;
  readonly pages: number;
  readonly totalBytes: number;
}

export interface EnumModel {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface DomainModel {
  readonly schema: string;
  readonly name: string;
  /** format_type() of the base type. */
  readonly baseType: string;
  readonly notNull: boolean;
  readonly checks: readonly string[];
  readonly defaultExpression: string | null;
}

export interface SequenceModel {
  readonly schema: string;
  readonly name: string;
  /** `schema.table.column` owning the sequence, or null. */
  readonly ownedBy: string | null;
  /** format_type() of the sequence's type: smallint, integer or bigint. Added after v1; always set by introspectSchema. */
  readonly dataType?: string;
  /** True when the sequence backs an identity column (rather than serial or OWNED BY). Added after v1; always set by introspectSchema. */
  readonly identity?: boolean;
}
