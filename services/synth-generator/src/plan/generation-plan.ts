import type { ResolvedType } from '../schema/resolved-type.js';
import type { ColumnConstraints } from '../generate/column-constraints.js';
import type { TimeSpan } from '../generate/time-span.js';

export type Distribution =
  | { readonly kind: 'uniform'; readonly distinct: number }
  | { readonly kind: 'zipf'; readonly distinct: number; readonly exponent: number }
  | { readonly kind: 'frequencies'; readonly distinct: number; readonly mostCommonFrequencies: readonly number[]; readonly nullFraction: number };

/** Why a column got its distribution (reported, and asserted by tests). */
export type DistributionReason =
  | 'experiment-skew'
  | 'production-stats'
  | 'parameter-profile'
  | 'finding-column'
  | 'fk-fan-out'
  | 'fk-production-stats'
  | 'default';

export type ColumnSource =
  /** Left out of COPY: the server fills it. */
  | { readonly kind: 'server'; readonly reason: 'identity' | 'generated' | 'sequence-default' | 'unsupported-type-default' }
  /** Value k = row index: distinct per row (unique keys). */
  | { readonly kind: 'row-index' }
  /** Value k = floor(row / divisor) mod radix: one digit of a composite unique key. */
  | { readonly kind: 'mixed-radix'; readonly divisor: number; readonly radix: number }
  | {
      readonly kind: 'sampled';
      readonly distribution: Distribution;
      readonly reason: DistributionReason;
      readonly correlationGroup: string | null;
      /**
       * Production's most common values, most frequent first (read under the productionValues
       * opt-in): rank i < length draws values[i], so the shadow's dominant values and their
       * shares are production's. Absent: every rank is a synthetic value.
       */
      readonly commonValues?: readonly string[];
    }
  /** Date/time values over the configured window with growth; monotone follows row order. */
  | { readonly kind: 'time-span'; readonly monotone: boolean }
  /** The referenced parent column's value at the parent row chosen by foreign key `constraint`. */
  | { readonly kind: 'foreign-key'; readonly constraint: string; readonly parentColumn: string }
  /** Always NULL (nullable column of a type the generator cannot produce). */
  | { readonly kind: 'null'; readonly reason: string };

export interface ColumnPlan {
  readonly name: string;
  /** format_type() text from the source catalog. */
  readonly dataType: string;
  /** Default expression as the source server prints it (a sequence's nextval for serial columns). */
  readonly defaultExpression: string | null;
  /** NULL allowed (column, domain and CHECK IS NOT NULL considered). */
  readonly nullable: boolean;
  readonly type: ResolvedType;
  readonly constraints: ColumnConstraints;
  readonly source: ColumnSource;
  readonly nullFraction: number;
  /**
   * The column must be above (strict) or at least (non-strict) another column of the row,
   * from a CHECK (a < b): drawn first, then moved into range if it is not.
   */
  readonly above: { readonly column: string; readonly strict: boolean } | null;
  /** Distinct values the column's value space holds. */
  readonly capacity: number;
}

export type ParentRowChoice =
  | { readonly kind: 'sampled'; readonly distribution: Distribution; readonly reason: DistributionReason }
  /** Parent row = floor(row / divisor) mod radix (radix = parent rows): part of a unique key. */
  | { readonly kind: 'mixed-radix'; readonly divisor: number; readonly radix: number }
  /** Self-reference forming a tree: row r points at an earlier row (Zipf-skewed), row 0 at none. */
  | { readonly kind: 'self-tree'; readonly exponent: number };

/** How the loader keeps a foreign key enforced. */
export type ForeignKeyLoadMode =
  /** Parent loaded first; the server checks every row as it arrives. */
  | 'immediate'
  /** Part of a cycle through a deferrable key: the cycle's tables load in one transaction, checked at commit. */
  | 'deferred'
  /** Part of a cycle through a non-deferrable key: dropped for the load and re-added, which validates every row. */
  | 'drop-and-readd';

export interface ForeignKeyPlan {
  readonly constraint: string;
  readonly columns: readonly string[];
  readonly parentSchema: string;
  readonly parentTable: string;
  readonly parentColumns: readonly string[];
  readonly parentRows: number;
  readonly choice: ParentRowChoice;
  readonly nullFraction: number;
  /** Every column of the key accepts NULL. */
  readonly nullable: boolean;
  readonly loadMode: ForeignKeyLoadMode;
  readonly deferrable: boolean;
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface TablePlan {
  readonly schema: string;
  readonly name: string;
  readonly rows: number;
  /** Filled to full volume because the finding touches it. */
  readonly deep: boolean;
  readonly columns: readonly ColumnPlan[];
  /** Columns COPY writes, in order (server-filled columns left out). */
  readonly copyColumns: readonly string[];
  readonly foreignKeys: readonly ForeignKeyPlan[];
  /** CHECKs the generator could not fully interpret: rows go through a staging table and the server's verdict. */
  readonly serverValidatedChecks: readonly { readonly name: string; readonly definition: string; readonly columns: readonly string[] }[];
  /** Safe to load as two halves on two connections (no identity/sequence, no self-reference, no staging). */
  readonly splittable: boolean;
  /** Index of the load unit (tables sharing a unit load in one transaction). */
  readonly unit: number;
  readonly notes: readonly string[];
}

export interface GenerationPlan {
  readonly seed: number;
  readonly skewFactor: number;
  readonly correlation: number;
  readonly timeSpan: TimeSpan;
  /** Parents first. */
  readonly tables: readonly TablePlan[];
  /** Load units in order; each lists table indexes into `tables` and the units it waits for. */
  readonly units: readonly { readonly tables: readonly number[]; readonly dependsOn: readonly number[]; readonly deferred: boolean }[];
  readonly notes: readonly string[];
  /** Relations not loaded, with the reason (views, partitions loaded through their parent, ...). */
  readonly skipped: readonly { readonly schema: string; readonly name: string; readonly reason: string }[];
}
