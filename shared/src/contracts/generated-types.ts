// Generated from schemas/*.avsc by `npm run generate`. Do not edit by hand.
// timestamp-millis fields are epoch milliseconds; uuid fields are strings.

/** Urgency. */
export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

/** Something a person should know: a trend, a crossed threshold, a failed or rolled-back deployment. Topic alerts, keyed by subject. */
export interface Alert {
  /** Stable id; the same condition on the same subject keeps it. */
  readonly alertId: string;
  /** LATENCY_REGRESSION, NEW_FINDING, DEPLOYMENT_FAILED, ROLLED_BACK, VOLUME_GROWTH, ... */
  readonly kind: string;
  /** Urgency. */
  readonly severity: AlertSeverity;
  /** Fingerprint, table or proposal the alert is about. */
  readonly subject: string;
  /** One sentence for a person. */
  readonly message: string;
  /** Numbers behind the alert. */
  readonly figures: Readonly<Record<string, number>>;
  /** What to do about it. */
  readonly recommendation: null | string;
  /** When raised. */
  readonly raisedAt: number;
}

/** New Application Deployment: an application is being deployed and needs its database created from a persona. Topic app.deployments, keyed by applicationId. Consumed by the control-plane, which starts a Persona Creation workflow; redelivery of the same event, or another event for the same application with the same persona, version, server and database, reuses that workflow. */
export interface ApplicationDeployment {
  /** Unique id of this event, chosen by the producer (e.g. a UUID); kept on the workflow for tracing. Redeliveries carry the same id. */
  readonly deploymentEventId: string;
  /** Stable id of the application: lowercase letters, digits and dashes, starting with a letter, at most 63 characters. The idempotency key of the deployment: one application gets one database. */
  readonly applicationId: string;
  /** Persona to create the database from: a built-in (ecommerce-product-catalog, social-activity-feed, iot-sensor-repository) or a custom persona registered through the /personas API. */
  readonly personaId: string;
  /** Version of the persona; null takes the latest version at the time the event is handled (the workflow records the version it used). */
  readonly personaVersion: null | number;
  /** Name of the PostgreSQL server to create the database on, one of services.controlPlane.targetServers in the configuration. The connection URL itself never travels on the bus. */
  readonly targetServer: string;
  /** Name of the database to create (lowercase letters, digits, underscores; at most 63 bytes); null derives it from applicationId (dashes become underscores). */
  readonly databaseName: null | string;
  /** Who or what asked for the deployment (a CI pipeline, an operator), for the audit trail. */
  readonly requestedBy: null | string;
  /** When the deployment was requested, by the producer's clock. */
  readonly requestedAt: number;
}

/** What the variant changes. */
export type VariantKind = 'BASELINE' | 'INDEX' | 'REWRITE' | 'SCHEMA';

/** One way of running the query. */
export interface BenchVariant {
  /** Id of the variant within the request. */
  readonly variantId: string;
  /** What the variant changes. */
  readonly kind: VariantKind;
  /** Statements run on the shadow before measuring (generated DDL). */
  readonly setupSql: readonly (string)[];
  /** Statements that undo setupSql. */
  readonly teardownSql: readonly (string)[];
  /** The statement to measure, with $n placeholders. */
  readonly querySql: string;
}

/** Another fingerprint on the same tables, measured under every variant so that a change which slows it is seen. */
export interface GuardQuery {
  /** Fingerprint of the guarded statement. */
  readonly fingerprint: string;
  /** The guarded statement, with $n placeholders. */
  readonly querySql: string;
}

/** A request to measure variants of one fingerprint on the shadow. Topic bench.requests, keyed by fingerprint. */
export interface BenchRequest {
  /** Stable id; a redelivered request is measured once. */
  readonly requestId: string;
  /** Fingerprint measured. */
  readonly fingerprint: string;
  /** Dataset the measurement must run on, when one is required. */
  readonly datasetId: null | string;
  /** Variants to compare; the first is the baseline. */
  readonly variants: readonly (BenchVariant)[];
  /** Other fingerprints on the same tables, measured under every variant (regression check). */
  readonly guards: readonly (GuardQuery)[];
  /** Measured runs per variant and parameter class. */
  readonly runs: number;
  /** Unmeasured runs first. */
  readonly warmupRuns: number;
  /** statement_timeout of every run. */
  readonly statementTimeoutMs: number;
  /** When the request was made. */
  readonly requestedAt: number;
  /** Compare the rows of every REWRITE variant with the baseline's for every parameter set, on the data as loaded, with adversarial rows (NULLs, duplicates) injected in a rolled-back transaction, and with parameters that match nothing. */
  readonly checkEquivalence: boolean;
  /** Measure INSERT and UPDATE time and WAL on a scratch copy of each table an INDEX variant indexes, without and with its indexes. */
  readonly measureWriteCost: boolean;
  /** Findings the request serves (for tracing). */
  readonly findingIds: readonly (string)[];
  /** How to draw the values of some placeholders, keyed by number ('1', '2', ...): like-contains ('%abc%'), like-prefix ('abc%') or like-exact; others are drawn from the column they are compared with. */
  readonly parameterHints: Readonly<Record<string, string>>;
}

/** Which part of the value distribution the parameters came from. */
export type ParameterClass = 'HEAVY_HITTER' | 'TAIL' | 'NONE';

/** Distribution summary of a timing. */
export interface Summary {
  /** Median. */
  readonly median: number;
  /** 95th percentile. */
  readonly p95: number;
  /** Minimum. */
  readonly min: number;
  /** Maximum. */
  readonly max: number;
}

/** Figures for one variant under one parameter class. */
export interface VariantMeasurement {
  /** Variant measured. */
  readonly variantId: string;
  /** Parameter class. */
  readonly parameterClass: ParameterClass;
  /** Measured runs. */
  readonly runs: number;
  /** True when runs hit statement_timeout; times are then lower bounds. */
  readonly timedOut: boolean;
  /** Execution time. */
  readonly executionMs: Summary;
  /** Planning time. */
  readonly planningMs: Summary;
  /** Rows returned (median over runs). */
  readonly rows: number;
  /** Shared buffer hits (median). */
  readonly sharedHitBlocks: number;
  /** Shared blocks read (median). */
  readonly sharedReadBlocks: number;
  /** Temp blocks read plus written (median). */
  readonly tempBlocks: number;
  /** WAL bytes for writes. */
  readonly walBytes: null | number;
  /** Scan, join and sort nodes, in plan order (e.g. 'Seq Scan on public.orders'). */
  readonly planShape: readonly (string)[];
  /** Concept figure: a sequential scan over a large table. */
  readonly fullTableScan: boolean;
  /** Concept figure: estimated cost of the most expensive join node. */
  readonly joinCost: number;
  /** Concept figure: a join's inner side has no usable index. */
  readonly missingJoinIndex: boolean;
  /** Concept figure: estimated cost of the most expensive filtering scan. */
  readonly filterCost: number;
  /** Concept figure: a filter has no index leading with its columns. */
  readonly missingFilterIndex: boolean;
  /** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of a representative run. */
  readonly planJson: null | string;
  /** Fingerprint measured when it is a guard query of the request; null for the request's own fingerprint. */
  readonly fingerprint: null | string;
  /** Client-side time of plain (non-EXPLAIN) executions of the same parameter sets. */
  readonly wallMs: null | Summary;
  /** Distinct parameter sets the runs cycled through. */
  readonly parameterSets: number;
  /** Indexes the representative plan reads. */
  readonly indexesUsed: readonly (string)[];
}

/** Whether a REWRITE variant returned the same multiset of rows as the baseline. */
export interface EquivalenceCheck {
  /** Variant compared with the baseline. */
  readonly variantId: string;
  /** Parameter sets compared (as loaded, adversarial and empty). */
  readonly comparisons: number;
  /** Comparisons whose multisets differed. */
  readonly mismatches: number;
  /** The first mismatch, in words (parameter class, data state, row counts); never a value. */
  readonly detail: null | string;
}

/** Write cost of a variant's indexes on one table, measured on a scratch copy. */
export interface WriteCost {
  /** INDEX variant measured. */
  readonly variantId: string;
  /** schema.table whose copy was written. */
  readonly table: string;
  /** Rows inserted and updated per measurement. */
  readonly rows: number;
  /** Median INSERT time without the variant's indexes. */
  readonly insertMsWithout: number;
  /** Median INSERT time with them. */
  readonly insertMsWith: number;
  /** Median UPDATE time without the variant's indexes. */
  readonly updateMsWithout: number;
  /** Median UPDATE time with them. */
  readonly updateMsWith: number;
  /** WAL of INSERT plus UPDATE without the indexes. */
  readonly walBytesWithout: number;
  /** WAL of INSERT plus UPDATE with them. */
  readonly walBytesWith: number;
  /** Write slowdown: (insert+update with) / (insert+update without). */
  readonly factor: number;
}

/** A variant that could not be measured. */
export interface VariantFailure {
  /** Variant that failed. */
  readonly variantId: string;
  /** Error code (e.g. DB_QUERY_FAILED). */
  readonly code: string;
  /** The server's words; never statement text or values. */
  readonly message: string;
}

/** Measurements of a fingerprint's variants on the shadow. Topic bench.results, keyed by fingerprint. */
export interface BenchResult {
  /** Stable id (request id or dataset id). */
  readonly resultId: string;
  /** Request answered; null for a baseline measured when a dataset was announced. */
  readonly requestId: null | string;
  /** Dataset measured on. */
  readonly datasetId: null | string;
  /** Fingerprint measured. */
  readonly fingerprint: string;
  /** Measurements, one per variant and parameter class. */
  readonly measurements: readonly (VariantMeasurement)[];
  /** Row-equivalence checks of REWRITE variants (when checkEquivalence was asked). */
  readonly equivalence: readonly (EquivalenceCheck)[];
  /** Write cost of INDEX variants (when measureWriteCost was asked). */
  readonly writeCosts: readonly (WriteCost)[];
  /** Variants whose setup or runs failed; the others are still measured. */
  readonly failures: readonly (VariantFailure)[];
  /** When measuring finished. */
  readonly completedAt: number;
}

/** An event a service could not handle, with the original bytes and the reason. Topic dead.letters, keyed by original topic. */
export interface DeadLetter {
  /** Topic the event was read from (or the input name for non-Kafka inputs). */
  readonly originalTopic: string;
  /** Partition it was read from (-1 when not from Kafka). */
  readonly partition: number;
  /** Offset it was read from (-1 when not from Kafka). */
  readonly offset: number;
  /** Original key bytes. */
  readonly key: null | Buffer;
  /** Original value bytes, exactly as received (null when the input may carry production literals and capture withheld them). */
  readonly value: null | Buffer;
  /** Stable error code from shadowtune's closed list (see shared/src/errors/error-codes.ts). */
  readonly errorCode: string;
  /** Why it failed, for a person; never contains statement text or parameters. */
  readonly reason: string;
  /** Whether the error was retriable (retries were exhausted). */
  readonly retriable: boolean;
  /** Handler attempts made. */
  readonly attempts: number;
  /** Service (consumer group) that gave up. */
  readonly service: string;
  /** When it was dead-lettered. */
  readonly failedAt: number;
}

/** Step reached. */
export type DeploymentStep = 'REQUESTED' | 'APPLIED' | 'VERIFIED' | 'FAILED' | 'ROLLBACK_REQUESTED' | 'ROLLED_BACK';

/** RewriteRuleDeploymentPolicy in force. */
export type DeploymentPolicy = 'MANUAL' | 'AUTOMATIC' | 'AB';

/** A step in the life of a deployed change: requested, applied, verified, failed or rolled back. Topic deployments, keyed by proposalId. */
export interface DeploymentEvent {
  /** Stable id of the deployment; every step of one deployment carries it. */
  readonly deploymentId: string;
  /** Proposal deployed. */
  readonly proposalId: string;
  /** INDEX, REWRITE, DROP_INDEX or SCHEMA. */
  readonly proposalKind: string;
  /** Step reached. */
  readonly step: DeploymentStep;
  /** RewriteRuleDeploymentPolicy in force. */
  readonly policy: DeploymentPolicy;
  /** Statements run at this step (generated DDL, never user text). */
  readonly statements: readonly (string)[];
  /** Why (approval by whom, error code of a failure, regression figures of a rollback). */
  readonly reason: null | string;
  /** A/B share for rewrite rules. */
  readonly trafficShare: null | number;
  /** When the step happened. */
  readonly at: number;
}

/** How much it hurts. */
export type Severity = 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** One detected pattern. */
export interface PatternHit {
  /** Pattern code, e.g. FULL_TABLE_SCAN, MISSING_JOIN_INDEX, MISSING_FILTER_INDEX, NON_SARGABLE_PREDICATE, LEADING_WILDCARD_LIKE, OR_ACROSS_COLUMNS, NOT_IN_SUBQUERY, DEEP_OFFSET, SORT_FOR_LIMIT, SELECT_STAR_WIDE, UNBOUNDED_RESULT, N_PLUS_ONE, INDEX_TYPE_MISMATCH. */
  readonly pattern: string;
  /** Severity of this pattern. */
  readonly severity: Severity;
  /** One sentence a DBA can read, naming the table and column involved. */
  readonly detail: string;
  /** Numbers behind the detection (cost, rows, share, ...). */
  readonly figures: Readonly<Record<string, number>>;
}

/** Clause the column appears in. */
export type ColumnRole = 'FILTER' | 'JOIN' | 'SORT' | 'GROUP' | 'PROJECTION';

/** A column the statement uses and how. */
export interface ColumnUse {
  /** Schema of the table. */
  readonly schema: string;
  /** Table name. */
  readonly table: string;
  /** Column name. */
  readonly column: string;
  /** Clause the column appears in. */
  readonly role: ColumnRole;
  /** Comparison operator (=, <, LIKE, IN, ...) or function wrapped around the column, when any. */
  readonly operator: null | string;
}

/** A PerformanceThreshold the statement crossed. */
export interface ThresholdCrossing {
  /** Threshold name: executionTimeMs, scanCost, joinCost, filterCost. */
  readonly metric: string;
  /** Observed value. */
  readonly value: number;
  /** Configured limit. */
  readonly threshold: number;
}

/** Window statistics of the fingerprint when the finding was made (weighted by sampling). */
export interface FingerprintStats {
  /** Weighted calls in the window. */
  readonly calls: number;
  /** Mean execution time. */
  readonly meanMs: null | number;
  /** 95th percentile execution time. */
  readonly p95Ms: null | number;
  /** Weighted total execution time. */
  readonly totalMs: null | number;
}

/** A table to fill deeply. */
export interface TableTarget {
  /** Schema name. */
  readonly schema: string;
  /** Table name. */
  readonly table: string;
  /** Suggested row count. */
  readonly rows: number;
}

/** A column whose values should follow a skewed distribution. */
export interface SkewTarget {
  /** Schema name. */
  readonly schema: string;
  /** Table name. */
  readonly table: string;
  /** Column name. */
  readonly column: string;
  /** DataSkewFactor to apply (Zipf exponent). */
  readonly factor: number;
}

/** What the synth-generator should build to reproduce the problem. */
export interface Experiment {
  /** Tables to fill deeply. */
  readonly tables: readonly (TableTarget)[];
  /** Columns to skew. */
  readonly skew: readonly (SkewTarget)[];
}

/** A problem the signature-analyzer found in one fingerprint, with the figures behind it and the experiment to run next. Topic query.findings, keyed by fingerprint. The same problem on the same fingerprint keeps its findingId and gets a higher revision. */
export interface QueryFinding {
  /** Stable id derived from fingerprint and pattern set; an update of the same problem keeps it. */
  readonly findingId: string;
  /** Incremented each time the finding is re-published with new figures. */
  readonly revision: number;
  /** Fingerprint of the statement (see QuerySignature.fingerprint). */
  readonly fingerprint: string;
  /** The literal-free statement. */
  readonly normalizedSql: string;
  /** Highest severity among the patterns. */
  readonly severity: Severity;
  /** Detected patterns, most severe first. */
  readonly patterns: readonly (PatternHit)[];
  /** Tables and columns involved, with their role. */
  readonly columns: readonly (ColumnUse)[];
  /** Thresholds crossed. */
  readonly thresholds: readonly (ThresholdCrossing)[];
  /** Window statistics behind the finding. */
  readonly stats: FingerprintStats;
  /** The part of the plan (text form) that shows the problem. */
  readonly planExcerpt: null | string;
  /** The experiment to run next. */
  readonly experiment: Experiment;
  /** Hash of the schema model the finding was made against. */
  readonly schemaVersion: string;
  /** When this revision was made. */
  readonly detectedAt: number;
}

/** Top-level statement type. */
export type StatementKind = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'DDL' | 'UTILITY' | 'OTHER';

/** Input the observation came from. */
export type SignatureSource = 'LOG_STDERR' | 'LOG_CSV' | 'LOG_JSON' | 'PG_STAT_STATEMENTS' | 'HTTP' | 'KAFKA_RAW' | 'PROXY' | 'OTHER';

/** Where the statement came from. Values pass capture's allow-list. */
export interface SignatureTags {
  /** Database name. */
  readonly database: null | string;
  /** Role that ran the statement. */
  readonly user: null | string;
  /** application_name of the session. */
  readonly application: null | string;
  /** Client host or address. */
  readonly client: null | string;
  /** Session identifier (log %c or process id), for N+1 burst detection. */
  readonly session: null | string;
  /** sqlcommenter tags (controller, action, route, framework, ...) whose keys are on the allow-list. */
  readonly comment: Readonly<Record<string, string>>;
}

/** Shape of the values. */
export type ParameterTypeClass = 'INTEGER' | 'DECIMAL' | 'TEXT' | 'BOOLEAN' | 'DATE_TIME' | 'UUID' | 'JSON' | 'NULL' | 'LIST' | 'OTHER';

/** How the values bound to one placeholder are distributed, computed from salted hashes; no value is included. */
export interface ParameterProfile {
  /** Placeholder number ($n). */
  readonly position: number;
  /** Shape of the values seen for this placeholder. */
  readonly typeClass: ParameterTypeClass;
  /** Values observed for this placeholder so far. */
  readonly sampleCount: number;
  /** Share (0..1) of the most frequent value among the observed values. */
  readonly topShare: number;
  /** Estimated number of distinct values. */
  readonly distinctEstimate: number;
}

/** One observation of a production statement with every literal stripped. Published by capture on topic query.signatures, keyed by fingerprint. */
export interface QuerySignature {
  /** Unique id of this observation; consumers use it to ignore redeliveries. */
  readonly eventId: string;
  /** Hex fingerprint of the statement's structure: equal for statements that differ only in constants, different for different structure, schema or tables. */
  readonly fingerprint: string;
  /** The statement with constants replaced by $n placeholders, IN-lists collapsed and comments removed. Never contains a production literal. */
  readonly normalizedSql: string;
  /** Top-level statement type, OTHER when it could not be parsed. */
  readonly statementKind: StatementKind;
  /** Schema-qualified relations the statement reads or writes (schema.table), from the parse tree; empty when unparsed. */
  readonly relations: readonly (string)[];
  /** True when the PostgreSQL grammar parsed the statement; false means the fingerprint is a fallback built from a lexical normalization. */
  readonly parsed: boolean;
  /** Quality flags such as UNPARSABLE, TRUNCATED, INVALID_UTF8, FIRST_IN_WINDOW. */
  readonly flags: readonly (string)[];
  /** Input the observation came from. */
  readonly source: SignatureSource;
  /** Identity of the input unit (for logs: file identity and byte offset of the record) so that replays can be recognised; never contains statement text. */
  readonly sourcePosition: null | string;
  /** When the statement ran (log timestamp) or was observed (poll time). */
  readonly observedAt: number;
  /** Executions this record stands for before sampling (1 for a log line, the delta of calls for pg_stat_statements). */
  readonly calls: number;
  /** Multiply counts by this to undo sampling (1 / SamplingRate, or 1 for a record kept unconditionally). */
  readonly samplingWeight: number;
  /** Mean execution time per call in milliseconds, when known. */
  readonly durationMs: null | number;
  /** Total execution time of the calls this record stands for, in milliseconds. */
  readonly totalDurationMs: null | number;
  /** Rows returned or affected in total, when known. */
  readonly rows: null | number;
  /** Origin tags. */
  readonly tags: SignatureTags;
  /** Per-placeholder value profiles, empty when unknown. */
  readonly parameters: readonly (ParameterProfile)[];
  /** auto_explain plan (JSON text) with every literal stripped, when the log carried one. */
  readonly plan: null | string;
}

/** Kind of change. */
export type ProposalKind = 'INDEX' | 'REWRITE' | 'DROP_INDEX';

/** Where the proposal stands. */
export type ProposalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'APPLIED' | 'ROLLED_BACK' | 'ADVISORY';

/** Baseline against candidate for one fingerprint and parameter class. */
export interface Evidence {
  /** Fingerprint measured. */
  readonly fingerprint: string;
  /** HEAVY_HITTER, TAIL or NONE. */
  readonly parameterClass: string;
  /** Median execution time before. */
  readonly baselineMs: number;
  /** Median execution time after. */
  readonly candidateMs: number;
  /** baselineMs / candidateMs. */
  readonly speedup: number;
  /** 95th percentile before. */
  readonly baselineP95Ms: null | number;
  /** 95th percentile after. */
  readonly candidateP95Ms: null | number;
  /** True when the baseline hit statement_timeout: baselineMs is then a lower bound. */
  readonly baselineTimedOut: boolean;
  /** True when the fingerprint is another one on the same tables, measured to check that it does not regress. */
  readonly guard: boolean;
  /** False when the statement ran the same plan over the same indexes before and after: any difference in time is noise, never counted as a regression. */
  readonly planChanged: boolean;
}

/** A validated change (index, rewrite or index removal) with its evidence and rollback. Topic rewrite.proposals, keyed by proposalId. */
export interface RewriteProposal {
  /** Stable id derived from the change itself; the same change proposed twice keeps its id. */
  readonly proposalId: string;
  /** Kind of change. */
  readonly kind: ProposalKind;
  /** Where the proposal stands. */
  readonly status: ProposalStatus;
  /** The exact DDL (kind INDEX/DROP_INDEX) or replacement statement (kind REWRITE). */
  readonly sql: string;
  /** The statement that undoes the change. */
  readonly rollbackSql: string;
  /** Fingerprints the change serves. */
  readonly fingerprints: readonly (string)[];
  /** Findings the change answers. */
  readonly findingIds: readonly (string)[];
  /** Schema-qualified tables touched. */
  readonly tables: readonly (string)[];
  /** Measurements behind the proposal. */
  readonly evidence: readonly (Evidence)[];
  /** Plan before the change (text). */
  readonly planBefore: null | string;
  /** Plan after the change (text). */
  readonly planAfter: null | string;
  /** Dataset the evidence was measured on. */
  readonly datasetId: null | string;
  /** Measured write slowdown factor of an index (INSERT/UPDATE throughput without / with). */
  readonly writeCost: null | number;
  /** 0..1, from the spread of the measurements. */
  readonly confidence: number;
  /** Why, in one or two sentences. */
  readonly rationale: string;
  /** When proposed. */
  readonly createdAt: number;
  /** Existing indexes (schema.name) the change makes redundant (INDEX), or the index it removes (DROP_INDEX). */
  readonly replaces: readonly (string)[];
  /** For DROP_INDEX: the proposal whose index makes this one redundant. */
  readonly serves: null | string;
}

/** Activate or withdraw. */
export type RuleAction = 'ACTIVATE' | 'WITHDRAW';

/** A deployed query rewrite for the capture proxy to apply (or to withdraw). Topic rewrite.rules, keyed by fingerprint. */
export interface RewriteRule {
  /** Stable id of the rule. */
  readonly ruleId: string;
  /** Proposal the rule deploys. */
  readonly proposalId: string;
  /** Fingerprint whose statements are rewritten. */
  readonly fingerprint: string;
  /** Activate or withdraw the rule. */
  readonly action: RuleAction;
  /** Replacement statement with the same $n placeholders (null on WITHDRAW). */
  readonly replacementSql: null | string;
  /** Share (0..1) of matching statements to rewrite; below 1 for A/B. */
  readonly trafficShare: number;
  /** When the rule takes effect. */
  readonly effectiveAt: number;
}

/** Kind of change. */
export type SchemaChangeType = 'ADD_COLUMN' | 'ADD_TABLE' | 'CREATE_INDEX' | 'ADJUST_DATA_TYPE' | 'ADD_FOREIGN_KEY' | 'GENERATED_COLUMN' | 'RANGE_PARTITIONING';

/** A schema change the schema-evolver proposes from observed behaviour, with a reversible migration. Topic schema.proposals, keyed by table. */
export interface SchemaChangeProposal {
  /** Stable id derived from the change. */
  readonly proposalId: string;
  /** Kind of change. */
  readonly changeType: SchemaChangeType;
  /** Schema-qualified table. */
  readonly tableName: string;
  /** Column concerned, when any. */
  readonly columnName: null | string;
  /** New or target data type, when any. */
  readonly dataType: null | string;
  /** Index method and columns, when the change creates an index. */
  readonly indexStrategy: null | string;
  /** Why, in words. */
  readonly rationale: string;
  /** Figures behind the proposal (support, confidence, lift, growth, ...). */
  readonly evidence: Readonly<Record<string, number>>;
  /** Migration statements, in order. */
  readonly up: readonly (string)[];
  /** Statements that undo the migration, in order. */
  readonly down: readonly (string)[];
  /** Read-only queries that must return zero rows before applying (orphans, duplicates, NULLs). */
  readonly prechecks: readonly (string)[];
  /** Shadow A/B verdict: IMPROVES, NEUTRAL or REGRESSES, with the test used. */
  readonly verdict: null | string;
  /** PENDING, APPROVED, REJECTED, APPLIED or ROLLED_BACK. */
  readonly status: string;
  /** When proposed. */
  readonly createdAt: number;
}

/** One table loaded. */
export interface TableLoad {
  /** Schema name. */
  readonly schema: string;
  /** Table name. */
  readonly table: string;
  /** Rows loaded. */
  readonly rows: number;
  /** True when the finding touches the table and it was filled to full volume. */
  readonly deep: boolean;
  /** Generation and COPY time. */
  readonly loadMs: number;
}

/** How closely the shadow reproduces the finding's plan. */
export interface Fidelity {
  /** True when the shadow's plan shape matches the finding's (or production's) plan. */
  readonly reproducesPlan: boolean;
  /** True when production's plan was available for comparison. */
  readonly comparedWithProduction: boolean;
  /** Largest ratio between shadow and production row estimates over plan nodes. */
  readonly rowEstimateRatio: null | number;
  /** Divergences found, in words. */
  readonly notes: readonly (string)[];
}

/** A column whose most common values in this dataset are production's. */
export interface ProductionValueColumn {
  /** Schema name. */
  readonly schema: string;
  /** Table name. */
  readonly table: string;
  /** Column name. */
  readonly column: string;
}

/** A synthetic dataset loaded into the shadow database to reproduce a finding. Topic synth.datasets, keyed by fingerprint. */
export interface SyntheticDataset {
  /** Stable id (finding id, finding revision, seed); a redelivered finding yields the same id. */
  readonly datasetId: string;
  /** Finding the dataset was built for. */
  readonly findingId: string;
  /** Fingerprint of the finding. */
  readonly fingerprint: string;
  /** Name of the shadow database holding the data (never a URL or a password). */
  readonly shadowDatabase: string;
  /** Generator seed: the same seed and inputs give the same rows. */
  readonly seed: number;
  /** DataSkewFactor used. */
  readonly skewFactor: number;
  /** Tables loaded, parents first. */
  readonly tables: readonly (TableLoad)[];
  /** Fidelity check result. */
  readonly fidelity: Fidelity;
  /** When loading finished. */
  readonly createdAt: number;
  /** Version (structural hash) of the schema model the shadow was synced to for this dataset. */
  readonly schemaVersion: null | string;
  /** Columns whose most common values were read from production (productionValues.mostCommonValues opt-in) and reproduced with their shares; every other column holds synthetic values only. The rewrite-engine leaves a dominant value out of a partial index only for these. */
  readonly productionValueColumns: readonly (ProductionValueColumn)[];
  /** What the generator did not do as asked, in words: CHECKs left to the server and the rows they cost, row counts capped by a unique key's capacity, relations skipped, columns left NULL. */
  readonly notes: readonly (string)[];
}

/** The record type carried by each topic. */
export interface TopicRecords {
  readonly 'alerts': Alert;
  readonly 'app.deployments': ApplicationDeployment;
  readonly 'bench.requests': BenchRequest;
  readonly 'bench.results': BenchResult;
  readonly 'dead.letters': DeadLetter;
  readonly 'deployments': DeploymentEvent;
  readonly 'query.findings': QueryFinding;
  readonly 'query.signatures': QuerySignature;
  readonly 'rewrite.proposals': RewriteProposal;
  readonly 'rewrite.rules': RewriteRule;
  readonly 'schema.proposals': SchemaChangeProposal;
  readonly 'synth.datasets': SyntheticDataset;
}

/** Every topic with a schema. */
export const TOPIC_NAMES = ['alerts', 'app.deployments', 'bench.requests', 'bench.results', 'dead.letters', 'deployments', 'query.findings', 'query.signatures', 'rewrite.proposals', 'rewrite.rules', 'schema.proposals', 'synth.datasets'] as const;

export type TopicName = (typeof TOPIC_NAMES)[number];
