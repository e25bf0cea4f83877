import type { TableName } from '../usage/statement-usage.js';

/** A statement of the workload as the analysis weighs it. */
export interface AnalyzedStatement {
  readonly fingerprint: string;
  readonly calls: number;
  readonly totalMs: number;
  /** Time weight (time spent, decayed by age when configured). */
  readonly weight: number;
  /** weight / total weight of the workload. */
  readonly share: number;
  readonly tables: readonly TableName[];
}

/** A statement the analysis could not use, with why. */
export interface SkippedStatement {
  readonly fingerprint: string;
  readonly reasonCode: 'UNPARSED' | 'STATEMENT_UNPARSABLE' | 'NO_KNOWN_TABLE' | 'NOT_DML';
}

export interface HotTable {
  readonly table: TableName;
  readonly calls: number;
  readonly weight: number;
  readonly share: number;
}

export interface HotColumn {
  readonly table: TableName;
  readonly column: string;
  /** Weight of the statements using the column, per way of using it. */
  readonly filterWeight: number;
  readonly joinWeight: number;
  readonly outputWeight: number;
  readonly orderWeight: number;
  /** Weight of the statements using it at all, over the workload's. */
  readonly share: number;
}

/** X → Y over the filter columns statements on one table use together. */
export interface AssociationRule {
  readonly table: TableName;
  readonly antecedent: readonly string[];
  readonly consequent: readonly string[];
  /** Weighted share of the table's statements filtering on X ∪ Y. */
  readonly support: number;
  /** support(X ∪ Y) / support(X). */
  readonly confidence: number;
  /** confidence / support(Y): above 1, the columns are used together more than by chance. */
  readonly lift: number;
}

/** A set of filter columns used together often enough to be indexed together. */
export interface FrequentColumnSet {
  readonly table: TableName;
  /** Key columns in index order: equality first (most distinct first), then one range column. */
  readonly columns: readonly string[];
  /** How many of `columns` (the first ones) are compared by equality. */
  readonly equalityCount: number;
  /** Output columns of the statements using the set, when few enough to cover. */
  readonly include: readonly string[];
  readonly support: number;
  /** Best confidence of a rule inside the set with a single-column consequent. */
  readonly confidence: number;
  /** Least lift among the rules inside the set. */
  readonly lift: number;
  /** Share of the set's statements whose output the include list covers. */
  readonly coverage: number;
  readonly calls: number;
  readonly weight: number;
  readonly fingerprints: readonly string[];
}

/** A join predicate between two tables that declare no foreign key for it. */
export interface EmergingRelationship {
  /** The side whose column is not unique (it would reference the other). */
  readonly referencing: { readonly table: TableName; readonly column: string };
  /** The side whose column is a primary key or unique, or null when neither side is. */
  readonly referenced: { readonly table: TableName; readonly column: string } | null;
  /** When `referenced` is null: the two columns as written. */
  readonly columns: readonly [{ readonly table: TableName; readonly column: string }, { readonly table: TableName; readonly column: string }];
  readonly calls: number;
  readonly weight: number;
  readonly share: number;
  readonly fingerprints: readonly string[];
}

/** A JSON key read from a jsonb column. */
export interface HotJsonKey {
  readonly table: TableName;
  readonly column: string;
  /** The key when the statements carry it; null when capture replaced it by a placeholder. */
  readonly key: string | null;
  readonly operator: '->>' | '->';
  /** Type the reads cast the value to, when they agree. */
  readonly castType: string | null;
  readonly filterWeight: number;
  readonly weight: number;
  readonly calls: number;
  readonly share: number;
  /** For placeholder keys: per statement, the key's placeholder and the compared value's. */
  readonly placeholders: readonly { readonly fingerprint: string; readonly keyPosition: number; readonly valuePositions: readonly number[] }[];
  readonly fingerprints: readonly string[];
}

/** A column compared through a cast (or with values of another type), repeatedly. */
export interface TypeMismatch {
  readonly table: TableName;
  readonly column: string;
  readonly currentType: string;
  /** The type the statements want (the cast's target, or the parameters' type). */
  readonly wantedType: string;
  readonly evidence: 'cast' | 'parameter-type';
  readonly calls: number;
  readonly weight: number;
  readonly share: number;
  readonly fingerprints: readonly string[];
}

/** Statements filtering one table by a range of one date/time column. */
export interface TimeRangeAccess {
  readonly table: TableName;
  readonly column: string;
  readonly calls: number;
  readonly weight: number;
  /** weight / weight of every statement on the table. */
  readonly tableShare: number;
  readonly fingerprints: readonly string[];
}

/** A column or table the statements use that the schema lacks. */
export interface MissingReference {
  readonly table: TableName;
  readonly tableKnown: boolean;
  readonly column: string;
  /** Type guessed from the parameters' profiles, casts or joined columns. */
  readonly guessedType: string;
  readonly typeEvidence: 'cast' | 'joined-column' | 'parameter-profile' | 'none';
  readonly calls: number;
  readonly weight: number;
  readonly fingerprints: readonly string[];
}

/** A table the statements use that the schema lacks. */
export interface MissingTable {
  readonly table: TableName;
  readonly calls: number;
  readonly weight: number;
  readonly fingerprints: readonly string[];
}

export interface FrequentQueries {
  readonly totalCalls: number;
  readonly totalWeight: number;
  readonly statements: readonly AnalyzedStatement[];
  readonly skipped: readonly SkippedStatement[];
  readonly hotTables: readonly HotTable[];
  readonly hotColumns: readonly HotColumn[];
  readonly associationRules: readonly AssociationRule[];
  readonly frequentColumnSets: readonly FrequentColumnSet[];
  readonly jsonKeys: readonly HotJsonKey[];
  readonly typeMismatches: readonly TypeMismatch[];
  readonly timeRanges: readonly TimeRangeAccess[];
  readonly missingReferences: readonly MissingReference[];
  readonly missingTables: readonly MissingTable[];
}

/** One observation of a table's size. */
export interface VolumeObservation {
  readonly table: TableName;
  readonly at: number;
  readonly rows: number;
  readonly bytes: number | null;
  readonly source: 'statistics' | 'cdc' | 'histogram';
}

/** A table's size over time with its growth fitted. */
export interface VolumeTrend {
  readonly table: TableName;
  readonly source: VolumeObservation['source'];
  readonly observations: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly rows: number;
  readonly bytes: number | null;
  /** Least-squares slope of rows over time. */
  readonly rowsPerDay: number;
  /** rowsPerDay / rows. */
  readonly growthPerDay: number;
  /** Goodness of the linear fit (0..1). */
  readonly rSquared: number;
  /** For histogram trends: the time column the rows were bucketed by. */
  readonly timeColumn: string | null;
  /** For histogram trends: the oldest and newest value of the time column (ms). */
  readonly timeMin: number | null;
  readonly timeMax: number | null;
}

export interface DataAnalysisResults {
  readonly frequentQueries: FrequentQueries;
  readonly emergingRelationships: readonly EmergingRelationship[];
  readonly dataVolumeTrends: readonly VolumeTrend[];
}
