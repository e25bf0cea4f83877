import { z } from 'zod';

/**
 * The persona model: a template of schema, indexes and expected access patterns for one
 * application archetype. This zod schema is the ONE definition: TypeScript types come from
 * it, the HTTP API validates bodies with its JSON Schema export, and
 * `validatePersonaDefinition` adds the cross-field rules JSON Schema cannot say.
 *
 * Everything that becomes DDL is structure (names, closed lists of types, operators and
 * operator classes), never SQL text, so generated DDL only ever contains quoted identifiers
 * and quoted literals. The only SQL text is the access patterns, their parameter samplers
 * and the seed statements, which are parsed and checked (one statement of the expected
 * kind, only the persona's tables) and never run by Persona Creation.
 */

/** Lowercase SQL identifiers only: no quoting surprises for the applications that use them. */
export const SQL_NAME_PATTERN = '^[a-z_][a-z0-9_]{0,62}$';
/** Slugs for persona and access pattern ids. */
export const SLUG_PATTERN = '^[a-z][a-z0-9-]{1,62}$';

/**
 * Column types a persona may use (optionally as arrays). A closed grammar rather than free
 * text: the type is pasted into DDL, so it must be known-safe.
 */
export const COLUMN_TYPE_PATTERN =
  '^(smallint|integer|bigint|real|double precision|boolean|text|uuid|jsonb|timestamptz|date|interval|bytea|inet|numeric|numeric\\([1-9][0-9]{0,2}(,[0-9]{1,3})?\\)|varchar\\([1-9][0-9]{0,4}\\)|char\\([1-9][0-9]{0,3}\\))(\\[\\])?$';

/** Operator classes an index key may name (the extensions that provide them are allowed below). */
export const OPERATOR_CLASSES = ['gin_trgm_ops', 'gist_trgm_ops', 'jsonb_path_ops', 'jsonb_ops', 'text_pattern_ops', 'varchar_pattern_ops'] as const;
export const EXTENSIONS = ['pg_trgm', 'btree_gin', 'btree_gist'] as const;

const sqlName = z.string().regex(new RegExp(SQL_NAME_PATTERN), 'must be a lowercase SQL name: a letter or underscore, then letters, digits or underscores, at most 63 characters');
const slug = z.string().regex(new RegExp(SLUG_PATTERN), 'must be lowercase letters, digits and dashes, starting with a letter, 2 to 63 characters');
const prose = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const literalValue = z.union([z.string().max(1000), z.number(), z.boolean()]);
const comparison = z.enum(['=', '<>', '<', '<=', '>', '>=']);

const columnDefault = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('literal'), value: literalValue.describe('Constant, written as a quoted literal cast to the column type.') }),
  z.strictObject({ kind: z.literal('now').describe('now(): the transaction timestamp.') }),
  z.strictObject({ kind: z.literal('random-uuid').describe('gen_random_uuid().') }),
]);

export const personaColumnSchema = z.strictObject({
  name: sqlName,
  type: z
    .string()
    .regex(new RegExp(`(${COLUMN_TYPE_PATTERN})|(${SQL_NAME_PATTERN})`), 'must be a supported type (bigint, text, timestamptz, numeric(12,2), varchar(80), jsonb, ...) or the name of a persona enum type')
    .describe('A built-in type from the supported list (optionally an array, e.g. text[]), or the name of one of the persona enum types.'),
  nullable: z.boolean().default(false),
  identity: z.enum(['always', 'by-default']).nullable().default(null).describe('GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY (integer and bigint columns).'),
  default: columnDefault.nullable().default(null),
  description: prose(500).optional(),
});

/** A condition on one column: CHECK constraints and partial-index predicates are built from these. */
const columnCondition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('compare'), column: sqlName, operator: comparison, value: literalValue }),
  z.strictObject({ kind: z.literal('compare-columns'), column: sqlName, operator: comparison, otherColumn: sqlName }),
  z.strictObject({ kind: z.literal('in'), column: sqlName, values: z.array(literalValue).min(1).max(100) }),
  z.strictObject({ kind: z.literal('length-between'), column: sqlName, min: z.number().int().min(0), max: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('matches'), column: sqlName, pattern: z.string().min(1).max(200).describe('POSIX regular expression the value must match (operator ~).') }),
  z.strictObject({ kind: z.literal('is-null'), column: sqlName }),
  z.strictObject({ kind: z.literal('is-not-null'), column: sqlName }),
]);

export const personaCheckSchema = z.strictObject({
  name: sqlName,
  condition: columnCondition,
});

export const personaForeignKeySchema = z.strictObject({
  name: sqlName,
  columns: z.array(sqlName).min(1).max(8),
  referencesTable: sqlName,
  referencesColumns: z.array(sqlName).min(1).max(8),
  onDelete: z.enum(['restrict', 'cascade', 'set-null', 'no-action']).default('restrict'),
});

export const personaPartitioningSchema = z.strictObject({
  method: z.literal('range').describe('Declarative RANGE partitioning on a time column.'),
  column: sqlName,
  interval: z.enum(['day', 'week', 'month']),
  precreatePast: z.number().int().min(0).max(366).describe('Partitions created for the intervals before the creation date (late data, backfills).'),
  precreateFuture: z.number().int().min(1).max(366).describe('Partitions created ahead, from the creation date on; partition maintenance keeps this margin.'),
  retentionIntervals: z.number().int().min(1).nullable().default(null).describe('Partitions older than this many intervals are detached and dropped by maintenance; null keeps everything.'),
});

export const personaTableSchema = z.strictObject({
  name: sqlName,
  description: prose(1000),
  columns: z.array(personaColumnSchema).min(1).max(200),
  primaryKey: z.array(sqlName).min(1).max(8).describe('Columns of the primary key (constraint <table>_pkey). Every table has one.'),
  uniques: z.array(z.strictObject({ name: sqlName, columns: z.array(sqlName).min(1).max(8) })).default([]),
  foreignKeys: z.array(personaForeignKeySchema).default([]),
  checks: z.array(personaCheckSchema).default([]),
  partitioning: personaPartitioningSchema.nullable().default(null),
});

export const personaIndexSchema = z.strictObject({
  name: sqlName,
  table: sqlName,
  method: z.enum(['btree', 'gin', 'gist', 'brin', 'hash']).default('btree'),
  unique: z.boolean().default(false),
  keys: z
    .array(
      z.strictObject({
        column: sqlName,
        order: z.enum(['asc', 'desc']).default('asc'),
        nulls: z.enum(['first', 'last']).nullable().default(null),
        operatorClass: z.enum(OPERATOR_CLASSES).nullable().default(null),
      }),
    )
    .min(1)
    .max(8),
  include: z.array(sqlName).max(16).default([]).describe('Non-key columns stored in a btree index for index-only scans.'),
  where: z.array(columnCondition).max(8).default([]).describe('Partial index predicate: the conditions, joined with AND.'),
  pagesPerRange: z.number().int().min(1).max(131072).nullable().default(null).describe('BRIN pages_per_range.'),
  rationale: prose(1000).describe('Why a DBA wants this index: which pattern it serves and how.'),
});

export const accessPatternSchema = z.strictObject({
  id: slug,
  description: prose(1000),
  kind: z.enum(['read', 'write']),
  sql: z.string().min(1).max(20_000).describe('One parameterized statement ($1, $2, ...) as the application sends it, with unqualified table names (the database search_path starts with the persona schema).'),
  parameters: z.array(z.strictObject({ name: sqlName, type: z.string().regex(new RegExp(COLUMN_TYPE_PATTERN), 'must be a supported type') })).max(32),
  parameterSamples: z.string().min(1).max(20_000).describe('One SELECT returning representative parameter rows (columns in $n order) from a filled database; $1 is the number of rows wanted.'),
  expectedRatePerSecond: z.number().positive().describe('Executions per second expected at the stated volume.'),
  latencyTargetMs: z.number().positive().describe('Server execution time the pattern must stay under at the stated volume (median of representative parameters).'),
  servedBy: z.array(sqlName).max(8).describe('Indexes of the indexing strategy, or primary-key/unique constraints, this pattern relies on.'),
});

export const tableVolumeSchema = z.strictObject({
  table: sqlName,
  expectedRows: z.number().int().min(0).describe('Rows expected in production at steady state (partitioned tables: within retention).'),
  growthRowsPerDay: z.number().min(0),
  testRows: z.number().int().min(0).describe('Reduced volume persona tests fill, keeping the same shape and skew.'),
});

export const tableSeedSchema = z.strictObject({
  table: sqlName,
  sql: z.string().min(1).max(20_000).describe('One INSERT ... SELECT into this table producing about $1 rows of synthetic data (generate_series), deterministic under setseed.'),
});

/** The schema a new application's database starts with. */
export const personaInitialSchemaSchema = z.strictObject({
  schemaName: sqlName.describe('Schema of the application tables in the created database; it leads the database search_path.'),
  extensions: z.array(z.enum(EXTENSIONS)).default([]),
  enumTypes: z.array(z.strictObject({ name: sqlName, values: z.array(z.string().min(1).max(63)).min(1).max(200) })).default([]),
  tables: z.array(personaTableSchema).min(1).max(200),
});

export const personaDefinitionSchema = z.strictObject({
  personaId: slug,
  version: z.number().int().min(1).describe('Assigned by the registry: 1 for a new persona, then +1 per new version. Versions are never edited.'),
  name: prose(200),
  description: prose(4000),
  initialSchema: personaInitialSchemaSchema,
  indexingStrategy: z.strictObject({
    summary: prose(4000),
    indexes: z.array(personaIndexSchema).max(500),
  }),
  accessPatterns: z.array(accessPatternSchema).min(1).max(500),
  volumes: z.array(tableVolumeSchema),
  seeds: z.array(tableSeedSchema).default([]).describe('Synthetic fill in dependency order, used by persona tests and benchmarks, never by Persona Creation.'),
});

/** Deeply readonly view of a parsed value: a persona version is immutable. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type PersonaDefinition = DeepReadonly<z.output<typeof personaDefinitionSchema>>;
export type PersonaDefinitionInput = z.input<typeof personaDefinitionSchema>;
export type PersonaInitialSchema = PersonaDefinition['initialSchema'];
export type PersonaTable = PersonaInitialSchema['tables'][number];
export type PersonaColumn = PersonaTable['columns'][number];
export type PersonaIndex = PersonaDefinition['indexingStrategy']['indexes'][number];
export type AccessPattern = PersonaDefinition['accessPatterns'][number];
export type ColumnCondition = PersonaTable['checks'][number]['condition'];
export type TableVolume = PersonaDefinition['volumes'][number];
export type TableSeed = PersonaDefinition['seeds'][number];
